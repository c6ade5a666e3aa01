/**
 * install: the revision must run, ready. Already there: nothing to do. Otherwise the step runs its command
 * (istioctl / helm / kubectl for Sail, programRunner.ts) and waits until the revision's istiod is ready — or, for a
 * manual step, says what to run and fails until it has been.
 */
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { shellCommand } from '../mesh/shellQuote';
import type { InstallStep } from '../plan/planTypes';
import { readInventory } from '../upgrade/inventoryReader';
import { throwIfAborted } from '../upgrade/upgradeErrors';
import { programProblem, runFromPath } from './programRunner';
import { sleep } from './sleep';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';

async function revisionState(deps: StepDeps, revision: string, signal?: AbortSignal): Promise<{ exists: boolean; ready: boolean; text: string }> {
  const inv = await readInventory(deps.client, { namespaces: [], signal });
  const rev = buildSnapshot(deps.client.context, inv).revisions.find((r) => r.name === revision);
  if (!rev) return { exists: false, ready: false, text: `${revision} is not installed` };
  const ready = rev.external || rev.readyReplicas > 0;
  return { exists: true, ready, text: `${revision} runs ${rev.version ?? 'an unknown version'}, ready ${rev.readyReplicas}/${rev.desiredReplicas}` };
}

export async function runInstallStep(deps: StepDeps, step: InstallStep, o: StepRunOptions): Promise<StepOutcome> {
  const done = (status: StepOutcome['status'], summary: string, details: string[] = [], error?: string): StepOutcome => ({ status, summary, details, runIds: [], verifications: [], ...(error ? { error } : {}) });
  const now = await revisionState(deps, step.revision, o.signal);
  if (now.ready) return done(o.dryRun ? 'dry run' : 'completed', `already installed: ${now.text}`);
  const command = step.command.length ? shellCommand(step.command) : undefined;
  if (!now.exists && step.via === 'manual') {
    return done('failed', 'manual step', [], `manual step: install Istio${step.version ? ` ${step.version}` : ''} as revision ${step.revision}${command ? ` (${command})` : ''}, then run this step again`);
  }
  if (o.dryRun) return done('dry run', now.exists ? `would wait until ${step.revision} is ready` : `would run ${command ?? 'nothing'} and wait until ${step.revision} is ready`);
  const details: string[] = [];
  if (!now.exists) {
    const problem = programProblem(step.command);
    if (problem && !o.runProgram) return done('failed', 'not run', [], `${problem}: run ${command ?? 'the install'} yourself, then run this step again`);
    o.onProgress?.(`running ${command}`);
    const result = await (o.runProgram ?? runFromPath)(step.command, o.signal);
    details.push(`${command} → exit ${result.exitCode}`, ...result.output.split('\n').filter(Boolean).slice(-20));
    if (result.exitCode !== 0) return done('failed', `${step.command[0]} failed`, details, `${command} exited ${result.exitCode}: ${result.output.trim().split('\n').slice(-1)[0] ?? ''}`);
  }
  const deadline = Date.now() + step.timeoutMs;
  for (;;) {
    throwIfAborted(o.signal, `waiting for ${step.revision}`);
    const state = await revisionState(deps, step.revision, o.signal);
    if (state.ready) return done('completed', `installed: ${state.text}`, details);
    if (Date.now() >= deadline) return done('failed', state.text, details, `${step.revision} was not ready within ${Math.round(step.timeoutMs / 1000)} s: ${state.text}`);
    o.onProgress?.(`waiting: ${state.text}`);
    await sleep(o.pollMs ?? 2000, o.signal, `waiting for ${step.revision}`);
  }
}
