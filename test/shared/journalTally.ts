/**
 * After every fault case: read back every object the journal says a run wrote, and count the states the journal
 * could not explain (issue 12's figure). Each suite prints its tally; the figure must be 0.
 */
import { strict as assert } from 'node:assert';
import type { ClusterClient } from '../../src/kube/clusterClient';
import { clusterAuditReader } from '../../src/upgrade/auditReader';
import { auditJournal } from '../../src/upgrade/journalAudit';
import type { Journal } from '../../src/upgrade/journal';

export interface Tally {
  runs: number;
  cases: number;
  objects: number;
  unexplained: number;
}

export function newTally(): Tally {
  return { runs: 0, cases: 0, objects: 0, unexplained: 0 };
}

/** Audits `journal` against the cluster (read through `client`, not through any fault) and adds it to `tally`. */
export async function assertJournalExplains(tally: Tally, client: ClusterClient, journal: Journal, context: string): Promise<void> {
  const runs = journal.runs().filter((r) => r.context === context);
  const audit = await auditJournal(journal.writes().filter((w) => w.context === context), runs, clusterAuditReader(client));
  tally.cases++;
  tally.runs += runs.length;
  tally.objects += audit.objects.length;
  tally.unexplained += audit.unexplained;
  assert.equal(audit.unexplained, 0, `states the journal cannot explain: ${JSON.stringify(audit.objects.filter((o) => o.matches === 'unexplained'))}`);
}

export function printTally(tally: Tally, what: string): void {
  console.log(`      journal audit (${what}): ${tally.cases} fault cases, ${tally.runs} runs, ${tally.objects} objects read back — ${tally.unexplained} states the journal could not explain`);
}
