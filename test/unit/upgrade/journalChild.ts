/**
 * A second process for the journal tests: `append DIR N TAG GO` says "ready", waits for the file GO (so that
 * several children start appending at once), starts a run and appends N writes to it, then ends it; `hold DIR` starts a run, prints its id and stays alive (a live owner) until stdin closes.
 */
import * as fs from 'node:fs';
import { Journal } from '../../../src/upgrade/journal';

const [mode, dir, count, tag, go] = process.argv.slice(2);
const journal = new Journal(dir);
if (mode === 'append') {
  process.stdout.write('ready\n');
  while (!fs.existsSync(go)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
  const run = journal.startRun({ command: 'restart', context: 'c', namespaces: [tag] });
  for (let i = 0; i < Number(count); i++) {
    // Paced, so that the two children's appends overlap in time even on a loaded machine.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3);
    journal.recordWrite({ runId: run.runId, phase: 'intent', context: 'c', kind: 'deployments', namespace: tag, name: `w${i}`, field: 'spec.template.metadata.annotations', before: {}, after: { n: String(i) } });
  }
  journal.updateRun(run, { status: 'completed' });
} else if (mode === 'hold') {
  const run = journal.startRun({ command: 'migrate', context: 'c', target: 't', namespaces: ['held'] });
  process.stdout.write(`${run.runId}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}
