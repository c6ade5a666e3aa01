import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Fleet } from '../../src/fleet/fleet';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { main as cli } from '../../src/cli';
import { eventually, freePort } from './simHarness';

function deadKubeconfig(dir: string, port: number): string {
  const file = path.join(dir, 'dead.yaml');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: dead-cluster',
    `clusters: [{name: dead, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
    'users: [{name: dead, user: {token: abc}}]',
    'contexts: [{name: dead-cluster, context: {cluster: dead, user: dead}}]', '',
  ].join('\n'));
  return file;
}

describe('fleet: many contexts, failures isolated, live updates', function () {
  this.timeout(30000);
  let sim: RunningSimulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ scenario: 'tags-prod-canary', port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'));
  });
  after(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a dead port, a garbage file and a 403 on pods each give a clear error; the other context loads', async () => {
    const garbage = path.join(dir, 'garbage.yaml');
    fs.writeFileSync(garbage, 'this: is: not: yaml: [\n\t- {');
    const port = await freePort();
    const fleet = new Fleet({ paths: [sim.kubeconfigPath, deadKubeconfig(dir, port), garbage], watch: false, connectTimeoutMs: 2000 });
    await fleet.load();
    const byName = new Map(fleet.clusters().map((c) => [c.context, c]));
    assert.equal(byName.get(sim.contextName)?.status, 'ready');
    assert.equal(byName.get(sim.contextName)?.snapshot?.revisions.length, 2);
    assert.equal(byName.get(sim.contextName)?.isCurrent, true);
    const dead = byName.get('dead-cluster');
    assert.equal(dead?.status, 'error');
    assert.equal(dead?.error?.kind, 'unreachable');
    assert.match(dead?.error?.message ?? '', new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
    const restricted = byName.get(`${sim.contextName}-restricted`);
    assert.equal(restricted?.error?.kind, 'forbidden');
    assert.match(restricted?.error?.message ?? '', /pods/);
    assert.match(restricted?.error?.remedy ?? '', /list/);
    assert.equal(fleet.fileErrors.length, 1);
    assert.equal(fleet.fileErrors[0].path, garbage);
    fleet.dispose();
  });

  it('a relabel made elsewhere arrives through the watch and rebuilds the snapshot within a second, without a relist', async () => {
    const fleet = new Fleet({ paths: [sim.kubeconfigPath], contexts: [sim.contextName], watch: true, rebuildDelayMs: 20 });
    await fleet.load();
    const changes: string[][] = [];
    fleet.onDidChange((c) => changes.push(c));
    const client = fleet.client(sim.contextName);
    assert.ok(client);
    const cache = fleet.cache(sim.contextName);
    assert.ok(cache);
    const before = cache.stats();
    const t0 = Date.now();
    await client.patch('namespaces', 'b', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'canary' } } });
    const state = await eventually(async () => fleet.cluster(sim.contextName),
      (c) => c?.snapshot?.namespaces.find((n) => n.name === 'b')?.target?.tag === 'canary', 1000, 10);
    const latency = Date.now() - t0;
    assert.ok(latency < 1000, `update took ${latency} ms`);
    assert.ok(changes.some((c) => c.includes(sim.contextName)));
    // No LIST was needed to see the change: it came as a watch event.
    const after = cache.stats();
    assert.equal(after.lists, before.lists);
    assert.equal(after.relists, before.relists);
    assert.ok(after.events > before.events);
    const b = state?.snapshot?.namespaces.find((n) => n.name === 'b');
    assert.ok(b?.workloads.every((w) => w.pods.every((p) => p.needsRestart)), 'b\'s pods are now stale');
    await client.patch('namespaces', 'b', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'prod' } } });
    fleet.dispose();
  });

  it('`status -o json` prints the documented contract and exits 2 when a context failed', async () => {
    let out = '';
    const io = { out: (t: string) => { out += t; }, err: () => undefined };
    const code = await cli(['status', '--kubeconfig', sim.kubeconfigPath, '--context', sim.contextName, '-o', 'json'], io);
    assert.equal(code, 0);
    const json = JSON.parse(out) as { clusters: { context: string; revisions: { name: string; version: string; isDefault: boolean; ready: string; tags: string[] }[]; tags: { name: string; revision: string }[]; namespaces: { name: string; target: unknown; workloads: { kind: string; name: string; pods: { name: string; revision: string; proxyVersion: string; needsRestart: boolean }[] }[] }[] }[] };
    const c = json.clusters[0];
    assert.equal(c.context, sim.contextName);
    assert.deepEqual(c.revisions.map((r) => [r.name, r.version, r.isDefault, r.ready, r.tags]).sort(), [['1-7-6', '1.7.6', false, '1/1', ['prod']], ['1-8-0', '1.8.0', false, '1/1', ['canary']]]);
    assert.deepEqual(c.tags.map((t) => `${t.name}→${t.revision}`).sort(), ['canary→1-8-0', 'prod→1-7-6']);
    const a = c.namespaces.find((n) => n.name === 'a');
    assert.deepEqual(a?.target, { revision: '1-7-6', via: 'tag', tag: 'prod' });
    assert.ok(a?.workloads.every((w) => w.kind === 'Deployment' && w.pods.every((p) => p.revision === '1-7-6' && p.proxyVersion === '1.7.6' && p.needsRestart === false)));
    out = '';
    assert.equal(await cli(['status', '--kubeconfig', sim.kubeconfigPath, '-o', 'json'], io), 2);
    assert.match(JSON.parse(out).clusters[1].error, /forbidden/);
  });
});
