/**
 * Journal inputs: run ids that are malformed (usage, exit 1, before the journal is read) or that name no run
 * (refused, exit 1), and a run that belongs to another cluster. Wrong-shape journal lines are H1's suite.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BadInputCase, CaseEnv } from './badInputHarness';

const J = 'journal' as const;
const MISSING = '20200101T000000Z-abcdef';

const cli = (command: string[], ...rest: string[]) => (env: CaseEnv): string[] => [...command, ...env.target, ...rest];

/** A journal (in the case's --journal directory) holding one completed run and its writes. */
function journalWith(env: CaseEnv, run: Record<string, unknown>, writes: Record<string, unknown>[] = []): void {
  const dir = path.join(env.dir, 'journal');
  fs.mkdirSync(dir, { recursive: true });
  const lines = [{ type: 'run', run: { started: '2026-01-01T00:00:00.000Z', status: 'completed', ...run } }, ...writes.map((write) => ({ type: 'write', write }))];
  fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

/** A completed migration of namespace a, made on another cluster. */
function journalWithForeignRun(env: CaseEnv): void {
  const runId = '20260101T000000Z-0f0f0f';
  journalWith(env, { runId, command: 'migrate', context: 'another-cluster', target: 'canary', namespaces: ['a'] }, [
    { runId, seq: 1, time: '2026-01-01T00:00:00.000Z', phase: 'applied', context: 'another-cluster', kind: 'namespaces', name: 'a', field: 'metadata.labels', before: { 'istio.io/rev': 'prod' }, after: { 'istio.io/rev': 'canary' } },
  ]);
}

export const journalCases: BadInputCase[] = [
  { category: J, name: 'rollback --run of a run that does not exist', argv: cli(['rollback'], '--run', MISSING), exit: 1, message: new RegExp(`no run ${MISSING} in .*journal`) },
  { category: J, name: 'journal --run of a run that does not exist', argv: cli(['journal'], '--run', MISSING), exit: 1, message: new RegExp(`no run ${MISSING} in .*journal`) },
  { category: J, name: 'gateway switch-back --run of a run that does not exist', argv: cli(['gateway', 'switch-back'], '--run', MISSING), exit: 1, message: new RegExp(`run ${MISSING} not found in .*journal`) },
  { category: J, name: 'rollback --run with a path in it', argv: cli(['rollback'], '--run', '../../etc/passwd'), exit: 1, message: /--run "\.\.\/\.\.\/etc\/passwd" is not a run id/ },
  { category: J, name: 'journal --run with a terminal escape', argv: cli(['journal'], '--run', '\u001b[2Jx'), exit: 1, message: /--run "\\u001b\[2Jx" is not a run id/ },
  { category: J, name: 'rollback --run of 101 characters', argv: cli(['rollback'], '--run', 'r'.repeat(101)), exit: 1, message: /--run "r{80}… \(101 characters\)" is not a run id/ },
  { category: J, name: "rollback --run ''", argv: cli(['rollback'], '--run', ''), exit: 1, message: /--run is empty/ },
  { category: J, name: 'rollback --namespace that the journal never relabelled', argv: cli(['rollback'], '-n', 'c'), exit: 1, message: /the journal has no relabel of namespace c on sim-tags-prod-canary: nothing to roll back to/ },
  {
    category: J, name: 'gateway switch-back of a run that switched nothing',
    setup: (env) => journalWith(env, { runId: '20260101T000000Z-0a0a0a', command: 'gateway-switch', context: env.context, target: 'istio-gateways/x', namespaces: ['istio-gateways'] }),
    argv: cli(['gateway', 'switch-back'], '--run', '20260101T000000Z-0a0a0a'), exit: 1, message: /Run 20260101T000000Z-0a0a0a switched no Service selector: nothing to switch back/,
  },
  { category: J, name: 'rollback --run of a run made on another cluster', setup: journalWithForeignRun, argv: cli(['rollback'], '--run', '20260101T000000Z-0f0f0f'), exit: 1, message: /run 20260101T000000Z-0f0f0f was made on another-cluster, not sim-tags-prod-canary/ },
];
