import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeconfigWatcher } from '../../../src/host/kubeconfigWatcher';

function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  return new Promise((resolve) => {
    const tick = (): void => {
      if (check()) resolve(true);
      else if (Date.now() > deadline) resolve(false);
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('KubeconfigWatcher', function () {
  this.timeout(10_000);
  let dir: string;
  let watcher: KubeconfigWatcher | undefined;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcw-')); });
  afterEach(() => {
    watcher?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a changed file once per burst, a file replaced by rename, and not a touch that keeps the content', async () => {
    const file = path.join(dir, 'config');
    const other = path.join(dir, 'unrelated');
    fs.writeFileSync(file, 'current-context: a\n');
    const seen: string[][] = [];
    watcher = new KubeconfigWatcher({ debounceMs: 80, onChange: (files) => seen.push(files) });
    watcher.watch([file]);

    fs.writeFileSync(file, 'current-context: b\n');
    fs.writeFileSync(file, 'current-context: c\n');
    assert.ok(await waitFor(() => seen.length === 1, 3000), 'one reload for a burst of writes');
    assert.deepEqual(seen[0], [file]);

    fs.writeFileSync(file, 'current-context: c\n');
    fs.writeFileSync(other, 'x');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(seen.length, 1, 'same content and other files: nothing');

    const tmp = path.join(dir, '.config.tmp');
    fs.writeFileSync(tmp, 'current-context: d\n');
    fs.renameSync(tmp, file);
    assert.ok(await waitFor(() => seen.length === 2, 3000), 'a rename over the file counts');

    fs.rmSync(file);
    assert.ok(await waitFor(() => seen.length === 3, 3000), 'a deleted kubeconfig reloads too');
  });

  it('a missing directory is reported, not thrown; stop() ends the reports', async () => {
    const errors: string[] = [];
    const seen: string[][] = [];
    watcher = new KubeconfigWatcher({ debounceMs: 50, onChange: (f) => seen.push(f), onError: (m) => errors.push(m) });
    watcher.watch([path.join(dir, 'nope', 'config')]);
    assert.match(errors.join('\n'), /cannot watch .*nope/);
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, 'a');
    watcher.watch([file]);
    watcher.stop();
    fs.writeFileSync(file, 'b');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.length, 0);
  });
});
