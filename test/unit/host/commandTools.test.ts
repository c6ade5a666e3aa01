import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkHelm, resolveTool } from '../../../src/host/commandTools';

/** An executable script standing in for helm: prints `out` for `version --short` (and records its arguments). */
function fakeHelm(dir: string, name: string, out: string, exit = 0): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho "$@" > "${file}.args"\necho '${out}'\nexit ${exit}\n`, { mode: 0o755 });
  return file;
}

describe('host/commandTools: helm is found and its version checked before a terminal types anything', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts Helm 3 and 4 from istioCanary.helmPath, asking only `version --short`', async () => {
    const helm3 = fakeHelm(dir, 'helm3', 'v3.17.2+gcc0bbbd');
    assert.deepEqual(await checkHelm(helm3), { ok: true, path: helm3, version: 'v3.17.2' });
    assert.equal(fs.readFileSync(`${helm3}.args`, 'utf8').trim(), 'version --short');
    assert.deepEqual(await checkHelm(fakeHelm(dir, 'helm4', 'v4.2.4+g1234')), { ok: true, path: path.join(dir, 'helm4'), version: 'v4.2.4' });
  });

  it('refuses Helm 2, a program that prints no version, one that fails, and a path that is not there', async () => {
    const helm2 = await checkHelm(fakeHelm(dir, 'helm2', 'Client: v2.17.0+ga690bad'));
    assert.match(helm2.ok ? '' : helm2.problem, /is Helm v2\.17\.0: these commands need Helm 3 or newer/);
    const garbage = await checkHelm(fakeHelm(dir, 'notHelm', 'hello'));
    assert.equal(garbage.ok, false);
    assert.match(garbage.ok ? '' : garbage.problem, /did not print a Helm version/);
    const failing = await checkHelm(fakeHelm(dir, 'broken', 'boom', 3));
    assert.match(failing.ok ? '' : failing.problem, /broken version --short failed \(Command failed: \S+ version --short \(exit 3\)\): check istioCanary\.helmPath/);
    const missing = await checkHelm(path.join(dir, 'nope'));
    assert.equal(missing.ok, false);
  });

  it('other tools are looked up on PATH without a shell', async () => {
    const r = await resolveTool('definitely-not-a-tool-xyz', undefined);
    assert.deepEqual(r, { ok: false, problem: 'definitely-not-a-tool-xyz is not on PATH' });
  });
});
