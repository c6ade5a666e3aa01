import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkHelm, checkIstioctl, istioctlVersionWarning, resolveTool } from '../../../src/host/commandTools';

/** An executable script standing in for helm: prints `out` for `version --short` (and records its arguments). */
function fakeHelm(dir: string, name: string, out: string, exit = 0): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho "$@" > "${file}.args"\necho '${out}'\nexit ${exit}\n`, { mode: 0o755 });
  return file;
}

describe('host/commandTools: helm and istioctl are found and their versions checked before a terminal types anything', () => {
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
    const r = await resolveTool('definitely-not-a-tool-xyz', {});
    assert.deepEqual(r, { ok: false, problem: 'definitely-not-a-tool-xyz is not on PATH' });
  });

  describe('istioctl', () => {

    it('asks `version --remote=false --short` (no cluster contact) and reads both output styles', async () => {
      const old = fakeHelm(dir, 'istioctl-old', '1.24.2');
      assert.deepEqual(await checkIstioctl(old, { installs: '1.24.2' }), { ok: true, path: old, version: '1.24.2' });
      assert.equal(fs.readFileSync(`${old}.args`, 'utf8').trim(), 'version --remote=false --short');
      const newer = fakeHelm(dir, 'istioctl-new', 'client version: 1.26.1');
      assert.deepEqual(await checkIstioctl(newer), { ok: true, path: newer, version: '1.26.1' });
    });

    it('warns when it would install another version than asked, or is more than a minor from the cluster', async () => {
      const tool = fakeHelm(dir, 'istioctl', 'client version: 1.24.2');
      const wrong = await checkIstioctl(tool, { installs: '1.25.0' });
      assert.ok(wrong.ok);
      assert.equal(wrong.warning, 'istioctl 1.24.2 installs Istio 1.24.2, not 1.25.0: use istioctl 1.25.0 (set istioCanary.istioctlPath to it).');
      const far = await checkIstioctl(tool, { clusterVersions: ['1.20.3', '1.21.0'] });
      assert.match(far.ok ? far.warning ?? '' : '', /^istioctl 1\.24\.2 is more than one minor version away from the cluster's revisions \(1\.20\.3, 1\.21\.0\)/);
      const near = await checkIstioctl(tool, { clusterVersions: ['1.23.5', '1.25.0'] });
      assert.equal(near.ok && near.warning, undefined);
      assert.equal(istioctlVersionWarning('1.24.2', {}), undefined);
      assert.match(istioctlVersionWarning('2.0.0', { clusterVersions: ['1.24.2'] }) ?? '', /more than one minor/);
    });

    it('a missing, failing or silent istioctl is refused naming istioCanary.istioctlPath', async () => {
      const missing = await checkIstioctl(path.join(dir, 'nope'));
      assert.match(missing.ok ? '' : missing.problem, /version --remote=false --short failed .*: check istioCanary\.istioctlPath$/);
      const failing = await checkIstioctl(fakeHelm(dir, 'broken', 'boom', 2));
      assert.match(failing.ok ? '' : failing.problem, /\(exit 2\)\): check istioCanary\.istioctlPath$/);
      const silent = await checkIstioctl(fakeHelm(dir, 'silent', 'hello'));
      assert.match(silent.ok ? '' : silent.problem, /did not print an istioctl version \("hello"\): check istioCanary\.istioctlPath$/);
      const notOnPath = await resolveTool('istioctl', {});
      if (!notOnPath.ok) assert.match(notOnPath.problem, /istioctl is not on PATH: install it, or set istioCanary\.istioctlPath/);
    });
  });
});
