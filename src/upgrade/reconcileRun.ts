/**
 * Before anything acts on a run that ended without knowing all its writes (killed mid-write, or a write that got no
 * answer), each such write is read back and its outcome appended to that run's journal (readBack): applied, not
 * applied, or changed by someone else. `journal -o json` then says which, and rollback/resume act on it.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { Journal, JournalWrite } from './journal';
import { resolveWrites } from './journalHistory';
import { readBack } from './readBack';
import { UpgradeError, errorMessage } from './upgradeErrors';
import { showValues, type ReadBackVerdict } from './writeOutcome';

export interface Reconciled {
  write: JournalWrite;
  verdict: ReadBackVerdict | { state: 'unreadable'; error: string };
}

export function reconciledText(r: Reconciled): string {
  const w = r.write;
  const what = `${w.kind}/${w.namespace ? `${w.namespace}/` : ''}${w.name}`;
  switch (r.verdict.state) {
    case 'applied': return `${what}: the unanswered write was applied (read back)`;
    case 'not-applied': return `${what}: the unanswered write was not applied (read back: ${showValues(w.before)})`;
    case 'changed': return `${what}: changed by someone else since (read back: ${showValues(r.verdict.found)})`;
    default: return `${what}: outcome still unknown (reading it back failed: ${r.verdict.error})`;
  }
}

export async function reconcileRun(client: ClusterClient, journal: Journal, runId: string): Promise<Reconciled[]> {
  const run = journal.run(runId);
  if (!run) throw new UpgradeError('refused', `no run ${runId} in the journal`);
  if (run.status === 'running') {
    throw new UpgradeError('refused', `run ${runId} is still running${run.owner ? ` (pid ${run.owner.pid} on ${run.owner.host})` : ''}: wait for it to end, or stop it first`);
  }
  if (run.context !== client.context) throw new UpgradeError('refused', `run ${runId} was made on ${run.context}, not ${client.context}`);
  const out: Reconciled[] = [];
  for (const r of resolveWrites(journal.writes(runId)).filter((x) => x.fate === 'maybe')) {
    const w = r.write;
    let verdict: ReadBackVerdict;
    try {
      verdict = (await readBack(client, w)).verdict;
    } catch (e) {
      out.push({ write: w, verdict: { state: 'unreadable', error: errorMessage(e) } });
      continue;
    }
    const { seq: _s, time: _t, phase: _p, error: _e, intentSeq: _i, readBack: _r, found: _f, resourceVersion: _v, ...rest } = w;
    const base = { ...rest, readBack: true, ...(r.noIntent ? {} : { intentSeq: w.seq }) };
    if (verdict.state === 'applied') journal.recordWrite({ ...base, phase: 'applied', ...(verdict.resourceVersion ? { resourceVersion: verdict.resourceVersion } : {}) });
    else if (verdict.state === 'not-applied') journal.recordWrite({ ...base, phase: 'failed', error: `not applied (read back: ${showValues(w.before)})` });
    else journal.recordWrite({ ...base, phase: 'unknown', found: verdict.found, error: 'changed by someone else' });
    out.push({ write: w, verdict });
  }
  return out;
}
