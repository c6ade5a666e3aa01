/**
 * `apply FILE [--step N | --from-step N] [--dry-run] [-o json]`: checks the plan against the cluster (an error
 * refuses it, exit 1), then runs its steps in order — a step the journal shows done is skipped, an interrupted
 * wave resumes its run — and stops at the first step that does not complete (exit 3; a locked namespace 4).
 */
import { stepTitle } from '../plan/planIdentity';
import { runPlanStep, type StepResult } from '../planRun/planRunner';
import { stepState } from '../planRun/stepState';
import { errorMessage } from '../upgrade/upgradeErrors';
import { exitCodeOf, UsageError } from './cliErrors';
import { openClusterAccess, openJournal, type AccessArgs } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';
import { checkPlanFile, problemLines, problemsJson } from './planCommand';
import { cliGate, type GateArgs } from './trafficGateCli';

export interface ApplyArgs extends AccessArgs {
  file?: string;
  step?: string;
  fromStep?: string;
  dryRun: boolean;
  journal?: string;
  output: 'table' | 'json';
  rolloutTimeoutMs?: number;
  /** The traffic gate's flags, for waves that name `traffic`. */
  gate?: GateArgs;
}

interface StepReport {
  step: number;
  kind: string;
  title: string;
  status: StepResult['status'] | 'skipped' | 'not run';
  summary?: string;
  error?: string;
  runId?: string;
  runIds?: string[];
  verifications?: StepResult['verifications'];
}

function stepNumber(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1) throw new UsageError(`${flag} must be a step number (1 or more), not ${JSON.stringify(v)}`);
  return n;
}

export async function applyCommand(args: ApplyArgs, io: CliIo): Promise<number> {
  if (!args.file) throw new UsageError('apply needs FILE, a plan file');
  const only = stepNumber(args.step, '--step');
  const from = stepNumber(args.fromStep, '--from-step');
  if (only !== undefined && from !== undefined) throw new UsageError('--step and --from-step do not go together');
  const json = args.output === 'json';
  const checked = await checkPlanFile({ ...args, file: args.file });
  const { file, context, problems } = checked;
  const errors = problems.filter((p) => p.severity === 'error');
  const last = Math.max(0, ...file.plan.steps.map((s) => s.index));
  if (only !== undefined && only > last) throw new UsageError(`--step ${only}: the plan has ${last} steps`);
  if (from !== undefined && from > last) throw new UsageError(`--from-step ${from}: the plan has ${last} steps`);
  if (errors.length) {
    if (json) io.out(JSON.stringify({ file: file.path, context, status: 'refused', problems: problemsJson(file, problems) }, null, 2));
    else for (const l of problemLines(file, errors)) io.err(l);
    io.err(`refusing to apply: the plan has ${errors.length} error${errors.length === 1 ? '' : 's'} (istio-canary plan check ${args.file})`);
    return EXIT.usage;
  }
  const steps = file.plan.steps.filter((s) => (only !== undefined ? s.index === only : s.index >= (from ?? 1)));
  const access = openClusterAccess({ ...args, context });
  const journal = openJournal(args.journal);
  const reports: StepReport[] = [];
  let code: number = EXIT.ok;
  try {
    for (const step of steps) {
      const title = stepTitle(step);
      const base = { step: step.index, kind: step.kind, title };
      if (code !== EXIT.ok) {
        reports.push({ ...base, status: 'not run' });
        continue;
      }
      const state = stepState(journal.runs(), file, step);
      if (only === undefined && state.kind === 'done' && !args.dryRun) {
        if (!json) io.err(`step ${step.index} ${title}: done ${state.at ?? ''} (skipped)`);
        reports.push({ ...base, status: 'skipped', summary: state.summary });
        continue;
      }
      if (!json) io.err(`step ${step.index} ${title}${args.dryRun ? ' [dry run]' : ''}${state.kind === 'interrupted' || state.kind === 'failed' ? ` (was ${state.kind}: resuming)` : ''}`);
      try {
        const r = await runPlanStep({ client: access.client, journal }, file, step.index, {
          dryRun: args.dryRun, rolloutTimeoutMs: args.rolloutTimeoutMs,
          onProgress: json ? undefined : (m) => io.err(`  ${m}`), onNotice: (m) => io.err(`note: ${m}`),
          trafficGate: args.gate ? async (soakSeconds) => (await cliGate(access.client, { ...(args.gate as GateArgs), mode: 'auto', soakSeconds: soakSeconds ?? (args.gate as GateArgs).soakSeconds }, io, { json, timeoutMs: args.requestTimeoutMs })) ?? 'no Prometheus was found (give --prometheus URL)' : undefined,
        });
        if (!json) {
          for (const d of r.details) io.err(`  ${d}`);
          io.err(`  → ${r.status}: ${r.summary}${r.error ? ` — ${r.error}` : ''}`);
        }
        reports.push({ ...base, status: r.status, summary: r.summary, ...(r.error ? { error: r.error } : {}), ...(r.stepRunId ? { runId: r.stepRunId } : {}), runIds: r.runIds, verifications: r.verifications });
        if (r.status === 'failed' || r.status === 'cancelled') code = EXIT.failed;
      } catch (e) {
        if (!json) io.err(`  → failed: ${errorMessage(e)}`);
        reports.push({ ...base, status: 'failed', error: errorMessage(e) });
        code = exitCodeOf(e);
      }
    }
  } finally {
    access.dispose();
  }
  const status = code === EXIT.ok ? (args.dryRun ? 'dry run' : 'completed') : 'failed';
  if (json) io.out(JSON.stringify({ file: file.path, context, status, steps: reports, warnings: problems.filter((p) => p.severity === 'warning').map((p) => p.message) }, null, 2));
  else io.out(`${file.path}: ${status} (${reports.filter((r) => r.status === 'completed' || r.status === 'skipped' || r.status === 'dry run').length} of ${reports.length} steps${reports.some((r) => r.status === 'skipped') ? `, ${reports.filter((r) => r.status === 'skipped').length} already done` : ''})`);
  return code;
}
