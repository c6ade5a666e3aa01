/**
 * The bad-input suite (issue 12, "Done means"): broken kubeconfigs, bad arguments, hostile objects in the cluster and
 * bad journal inputs. Every case: the exit code the README promises, a message that names the problem, no write
 * reaching the simulator, no stack trace, and nothing printed that could drive a terminal.
 */
import { runCase, startSuite, type BadInputCase, type Suite } from './badInput/badInputHarness';
import { kubeconfigCases } from './badInput/kubeconfigCases';
import { argumentCases } from './badInput/argumentCases';
import { hostileObjectCases } from './badInput/hostileObjectCases';
import { journalCases } from './badInput/journalCases';

const tables: BadInputCase[][] = [kubeconfigCases, argumentCases, hostileObjectCases, journalCases];

describe('bad input: a clear message, no write, no crash', function () {
  this.timeout(60000);
  let suite: Suite;
  before(async () => {
    suite = await startSuite();
  });
  after(async () => {
    const tally = new Map<string, number>();
    for (const c of tables.flat()) tally.set(c.category, (tally.get(c.category) ?? 0) + 1);
    console.log(`      bad-input cases: ${[...tally].map(([k, n]) => `${k} ${n}`).join(' · ')} · total ${tables.flat().length}`);
    await suite.stop();
  });

  for (const table of tables) {
    for (const c of table) it(`${c.category}: ${c.name}`, () => runCase(suite, c));
  }
});
