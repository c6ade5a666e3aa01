import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { Fleet } from '../../src/fleet/fleet';
import { shouldConnect } from '../../src/fleet/connectPolicy';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}

/**
 * Three contexts on one simulator; the two that are not current authenticate with an exec plugin that leaves a
 * marker file each time it runs (like `aws eks get-token` would open an SSO prompt).
 */
function threeContexts(sim: RunningSimulator, dir: string): { file: string; marker: (ctx: string) => string } {
  const doc = yaml.load(fs.readFileSync(sim.kubeconfigPath, 'utf8')) as KubeconfigDoc;
  const base = doc.contexts.find((c) => c.name === sim.contextName);
  assert.ok(base);
  const token = doc.users.find((u) => u.name === base.context.user)?.user.token;
  assert.equal(typeof token, 'string');
  const marker = (ctx: string): string => path.join(dir, `ran-${ctx}`);
  for (const name of ['staging', 'prod-eu']) {
    const plugin = path.join(dir, `plugin-${name}.sh`);
    fs.writeFileSync(plugin, [
      '#!/bin/sh', `date +%s%N >> '${marker(name)}'`,
      `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${String(token)}"}}'`, '',
    ].join('\n'), { mode: 0o755 });
    doc.users.push({ name: `exec-${name}`, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, args: ['get-token', '--cluster', name], interactiveMode: 'Never' } } });
    doc.contexts.push({ name, context: { cluster: base.context.cluster, user: `exec-${name}` } });
  }
  const file = path.join(dir, 'three.yaml');
  fs.writeFileSync(file, yaml.dump(doc));
  return { file, marker };
}

describe('lazy contexts: only the current context connects at load', function () {
  this.timeout(30000);
  let sim: RunningSimulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ scenario: 'tags-prod-canary', port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-'));
  });
  after(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the others as idle: no request, no credential plugin run; connect() loads one, disconnect() drops it', async () => {
    const { file, marker } = threeContexts(sim, dir);
    const fleet = new Fleet({ paths: [file], watch: true, connectOnLoad: (_c, isCurrent) => isCurrent });
    await fleet.load();
    const byName = new Map(fleet.clusters().map((c) => [c.context, c]));
    assert.equal(byName.get(sim.contextName)?.status, 'ready');
    for (const name of ['staging', 'prod-eu', `${sim.contextName}-restricted`]) {
      assert.equal(byName.get(name)?.status, 'idle', name);
      assert.equal(fleet.client(name), undefined, `${name} has no client`);
    }
    assert.equal(byName.get('staging')?.authHint, 'exec: plugin-staging.sh get-token');
    assert.ok(!fs.existsSync(marker('staging')) && !fs.existsSync(marker('prod-eu')), 'no exec plugin ran');

    await fleet.connect('staging');
    assert.equal(fleet.cluster('staging')?.status, 'ready');
    assert.equal(fleet.cluster('staging')?.snapshot?.revisions.length, 2);
    assert.ok(fs.existsSync(marker('staging')), 'connecting ran the plugin');
    assert.ok(!fs.existsSync(marker('prod-eu')), 'only for the context connected');
    await fleet.connect('staging');
    assert.equal(fleet.cluster('staging')?.status, 'ready', 'connecting a connected context changes nothing');

    fleet.disconnect('staging');
    assert.equal(fleet.cluster('staging')?.status, 'idle');
    assert.equal(fleet.cluster('staging')?.snapshot, undefined);
    assert.equal(fleet.client('staging'), undefined);
    assert.equal(fleet.cluster(sim.contextName)?.status, 'ready', 'the others keep working');
    fleet.dispose();
  });

  it('without a policy (the CLI) every context connects, as before', async () => {
    const { file, marker } = threeContexts(sim, fs.mkdtempSync(path.join(dir, 'all-')));
    const fleet = new Fleet({ paths: [file], watch: false });
    await fleet.load();
    assert.deepEqual(fleet.clusters().filter((c) => c.status === 'idle').map((c) => c.context), []);
    assert.ok(fs.existsSync(marker('staging')) && fs.existsSync(marker('prod-eu')));
    fleet.dispose();
  });

  it('the connect policy: current always; all; remembered; this window\'s connections survive a reload', () => {
    const none = new Set<string>();
    assert.equal(shouldConnect({ mode: 'current', remembered: new Set(['a']), session: none }, 'a', false), false);
    assert.equal(shouldConnect({ mode: 'current', remembered: none, session: none }, 'a', true), true);
    assert.equal(shouldConnect({ mode: 'current', remembered: none, session: new Set(['a']) }, 'a', false), true);
    assert.equal(shouldConnect({ mode: 'remembered', remembered: new Set(['a']), session: none }, 'a', false), true);
    assert.equal(shouldConnect({ mode: 'remembered', remembered: new Set(['a']), session: none }, 'b', false), false);
    assert.equal(shouldConnect({ mode: 'all', remembered: none, session: none }, 'b', false), true);
  });
});
