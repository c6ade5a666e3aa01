/**
 * wave: its namespaces (list, selector or glob, resolved now) migrate to `to` — relabel, restart, wait, verify —
 * `concurrency` at a time, stopping at the first failed verification (or traffic gate: it judges each namespace after
 * its own restart, as in a wave from the tree); then the soak, then every other gate. A wave whose
 * earlier attempt was interrupted resumes that run (reading back what it left unknown, resending its restart
 * timestamps) instead of starting over.
 */
import { plural } from '../mesh/plural';
import { ownedNamespaces, planMigration } from '../mesh/migrationPlan';
import { ownerShort } from '../mesh/owners/ownerText';
import { formatDuration } from '../plan/duration';
import type { WaveStep } from '../plan/planTypes';
import { waveNamespaces } from '../plan/waveNamespaces';
import { ControlPlaneCache } from '../upgrade/controlPlaneContext';
import type { RunRecord } from '../upgrade/journal';
import { runMigration, type MigrationOutcome } from '../upgrade/migrationRunner';
import { reconciledText } from '../upgrade/reconcileRun';
import { planResumeRun, runResume } from '../upgrade/resumeRun';
import { readScopedInventory } from '../upgrade/scopedInventory';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { sleep } from './sleep';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';
import { progressText } from './stepTypes';
import { trafficGateOf, trafficVerification, TRAFFIC_GATE } from './waveTrafficGate';
import type { NamespaceGate } from '../upgrade/trafficGate';
import { verificationOf, WAVE_GATES } from './waveGates';

export interface WaveRunOptions extends StepRunOptions {
  /** An earlier attempt's migrate run that did not finish (interrupted, failed, cancelled): resumed first. */
  unfinished?: RunRecord;
}

/** The resumed run (if any) and the new one, as one outcome: every namespace, the worst status, both run ids. */
function joined(a: MigrationOutcome, b: MigrationOutcome): MigrationOutcome & { runIds: string[] } {
  return { ...b, namespaces: [...a.namespaces, ...b.namespaces], runIds: [a.runId, b.runId].filter((x): x is string => !!x) };
}

async function migrate(deps: StepDeps, step: WaveStep, names: string[], o: WaveRunOptions, details: string[], gate?: NamespaceGate): Promise<(MigrationOutcome & { runIds: string[] }) | string> {
  const common = {
    gate, dryRun: o.dryRun, concurrency: step.concurrency, stopOnFailure: true, rolloutTimeoutMs: o.rolloutTimeoutMs, syncz: o.syncz,
    verifySettleMs: o.verifySettleMs, signal: o.signal, onNotice: o.onNotice, onProgress: (e: Parameters<typeof progressText>[0]) => o.onProgress?.(progressText(e)),
  };
  const prior = o.unfinished;
  if (prior && !o.dryRun && prior.target === step.to && prior.namespaces.every((n) => names.includes(n))) {
    o.onProgress?.(`resuming run ${prior.runId} (${prior.status})`);
    const rp = await planResumeRun(deps.client, deps.journal, prior.runId);
    for (const r of rp.reconciled) details.push(`read back: ${reconciledText(r)}`);
    const resumed = await runResume({ client: deps.client, journal: deps.journal }, rp, common);
    const rest = names.filter((n) => !prior.namespaces.includes(n));
    if (resumed.status !== 'completed' || rest.length === 0) return { ...resumed, runIds: resumed.runId ? [resumed.runId] : [] };
    const more = await migrate(deps, step, rest, { ...o, unfinished: undefined }, details, gate);
    return typeof more === 'string' ? more : joined(resumed, more);
  }
  const controlPlane = new ControlPlaneCache(deps.client);
  const inventory = await readScopedInventory(deps.client, names, { controlPlane, signal: o.signal });
  const planned = planMigration(deps.client.context, inventory, names, step.to);
  if (!planned.ok) return planned.error;
  const owned = ownedNamespaces(planned.plan);
  if (owned.length) return owned.map((n) => `namespace ${n.namespace} is kept by ${ownerShort(n.route.owner)}: ${n.route.explanation}`).join(' · ');
  const blocking = planned.plan.warnings.filter((w) => w.severity === 'error');
  if (blocking.length) return blocking.map((w) => w.message).join(' · ');
  for (const w of planned.plan.warnings.filter((x) => x.severity === 'warning')) details.push(`⚠ ${w.message}`);
  const out = await runMigration({ client: deps.client, journal: deps.journal }, planned.plan, { ...common, controlPlane });
  return { ...out, runIds: out.runId ? [out.runId] : [] };
}

export async function runWaveStep(deps: StepDeps, step: WaveStep, o: WaveRunOptions): Promise<StepOutcome> {
  const listed = (await deps.client.list('namespaces', { signal: o.signal })).items.map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {} }));
  const names = waveNamespaces(step, listed);
  const details: string[] = [];
  const fail = (error: string, runIds: string[] = [], verifications: StepOutcome['verifications'] = []): StepOutcome => ({ status: 'failed', summary: 'failed', error, runIds, verifications, details });
  const missing = names.filter((n) => !listed.some((x) => x.name === n));
  if (missing.length) return fail(`namespace${missing.length === 1 ? '' : 's'} not found: ${missing.join(', ')}`);
  if (names.length === 0) return { status: o.dryRun ? 'dry run' : 'completed', summary: 'no namespace matches: nothing to do', runIds: [], verifications: [], details };
  const gate = await trafficGateOf(step, o);
  if (typeof gate === 'string') return fail(gate);
  const out = await migrate(deps, step, names, o, details, gate);
  if (typeof out === 'string') return fail(`refused: ${out}`);
  const { runIds } = out;
  const migrated = [
    ...out.namespaces.filter((n) => n.verdict).map((n) => verificationOf(n.verdict as NonNullable<typeof n.verdict>, 'migrate')),
    ...out.namespaces.flatMap((n) => (n.gate ? [trafficVerification(n.gate)] : [])),
  ];
  if (out.status === 'dry run') {
    for (const n of out.namespaces) details.push(`${n.namespace}: ${n.relabel?.changed ? 'relabel, ' : ''}restart ${plural(n.restarted.length, 'workload')}`);
    const soak = step.soakMs ? `soak ${formatDuration(step.soakMs)}, ` : '';
    return { status: 'dry run', summary: `would move ${names.join(', ')} to ${step.to}, then ${soak}gates ${step.gates.join(', ')}`, runIds, verifications: [], details };
  }
  if (out.status !== 'completed') {
    const first = out.namespaces.find((n) => n.error);
    const status = out.status === 'cancelled' ? 'cancelled' : 'failed';
    return { status, summary: status, error: first ? `${first.namespace}: ${first.error}` : out.status, runIds, verifications: migrated, details };
  }
  if (step.soakMs > 0 && !gate) {
    o.onProgress?.(`soaking ${formatDuration(step.soakMs)} (until ${new Date(Date.now() + step.soakMs).toISOString().slice(11, 19)} UTC)`);
    await sleep(step.soakMs, o.signal, `soaking after wave ${step.index}`);
  }
  const inv = await readScopedInventory(deps.client, names, { signal: o.signal });
  const snapshot = buildSnapshot(deps.client.context, inv);
  const revision = snapshot.tags.find((t) => t.name === step.to)?.revision ?? step.to;
  const verifications = [...migrated];
  for (const name of step.gates.filter((g) => g !== TRAFFIC_GATE)) {
    const gate = WAVE_GATES.get(name);
    if (!gate) return fail(`unknown gate ${name}`, runIds, verifications);
    o.onProgress?.(`gate ${name}`);
    const r = await gate.check({ client: deps.client, namespaces: names, revision, signal: o.signal, syncz: o.syncz, settleMs: o.verifySettleMs ?? 10_000 });
    verifications.push(...r.verifications);
    details.push(r.summary);
    if (!r.passed) return fail(`gate ${name}: ${r.summary}`, runIds, verifications);
  }
  const proxies = verifications.filter((v) => v.gate === 'verify').reduce((n, v) => n + v.onTarget, 0);
  return { status: 'completed', summary: `${plural(names.length, 'namespace')} verified on ${revision} (${plural(proxies, 'proxy', 'proxies')})`, runIds, verifications, details };
}
