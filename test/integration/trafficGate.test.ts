/**
 * The traffic gate end to end on the simulator (its Prometheus behind the service proxy, synthetic series that follow
 * the proxies): pass, a breach that stops a wave (exit 3) and is rolled back, not enough traffic, Prometheus
 * unreachable (found but without endpoints; a URL nothing listens on), and no Prometheus at all.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession } from '../../src/kube/clusterSession';
import { startSimulator, type RunningSimulator, type TrafficOptions } from '../../src/sim/simulator';
import { freePort } from './simHarness';

interface GateJson {
  verdict: string;
  decision: string | null;
  error: string | null;
  workloads: { name: string; verdict: string; before: { requests: number; errorPercent: number | null; p99Ms: number | null } | null; after: { requests: number; errorPercent: number | null } | null }[];
}

interface MigrateJson {
  runId: string | null;
  status: string;
  namespaces: { namespace: string; status: string; error: string | null; gate: GateJson | null }[];
}

describe('traffic gate on the simulator (CLI migrate)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let dir: string;
  let out: string[];
  let err: string[];

  async function start(scenario: string, traffic?: TrafficOptions): Promise<void> {
    sim = await startSimulator({ scenario, port: 0, traffic });
  }

  async function cli(...args: string[]): Promise<number> {
    out = [];
    err = [];
    return main([...args, '--kubeconfig', sim.kubeconfigPath, '--context', sim.contextName, '--journal', dir], { out: (t) => out.push(t), err: (t) => err.push(t) });
  }

  async function migrate(namespaces: string, ...flags: string[]): Promise<{ code: number; json: MigrateJson }> {
    const code = await cli('migrate', '-n', namespaces, '--to', 'canary', '--soak', '1', '--min-requests', '5', '-o', 'json', ...flags);
    return { code, json: JSON.parse(out.join('\n')) as MigrateJson };
  }

  function revLabel(ns: string): string | undefined {
    return sim.store.get('namespaces', undefined, ns)?.metadata.labels?.['istio.io/rev'];
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
  });
  afterEach(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes a clean upgrade, with each workload\'s figures before and after', async () => {
    await start('traffic-gate', { regressions: [] });
    const { code, json } = await migrate('a');
    assert.equal(code, 0, err.join('\n'));
    assert.equal(json.status, 'completed');
    const gate = json.namespaces[0].gate;
    assert.equal(gate?.verdict, 'pass');
    assert.deepEqual(gate?.workloads.map((w) => w.name).sort(), ['cart', 'frontend']);
    for (const w of gate?.workloads ?? []) {
      // The baseline covers 300 s of the scenario's history (10 rps per pod); after: the 1 s soak of the new pods.
      assert.ok((w.before?.requests ?? 0) >= 2900 && (w.after?.requests ?? 0) >= 5, JSON.stringify(w));
      assert.ok(Math.abs((w.before?.errorPercent ?? 0) - 0.1) < 1e-9 && Math.abs((w.after?.errorPercent ?? 0) - 0.1) < 1e-9, JSON.stringify(w));
      assert.ok((w.before?.p99Ms ?? 0) > 25, JSON.stringify(w));
    }
    assert.equal(revLabel('a'), 'canary');
  });

  it('a regression stops the wave at its namespace (exit 3, figures printed); the rest is not started; rollback restores it', async () => {
    await start('traffic-gate');
    const code = await cli('migrate', '-n', 'a,b', '--to', 'canary', '--soak', '1', '--min-requests', '5', '--stop-on-failure');
    assert.equal(code, 3);
    const text = out.join('\n');
    assert.match(text, /a: failed .*traffic gate breach — cart: 5xx 0\.10 % → 5\.10 % \(\+5\.00 pp, limit \+1 pp\)/);
    assert.match(text, /deployment\/cart: 5xx 0\.10 % → 5\.10 % · p99 \d+ ms → \d+ ms · 3,000 → \d+ requests — breach/);
    assert.match(text, /deployment\/frontend: .* — pass/);
    assert.match(text, /b: not started/);
    const hint = err.find((l) => l.startsWith('the traffic gate stopped the run'));
    const runId = /--run (\S+)/.exec(hint ?? '')?.[1];
    assert.ok(runId, err.join('\n'));
    assert.equal(revLabel('a'), 'canary');
    assert.equal(revLabel('b'), 'prod');
    assert.equal(await cli('rollback', '--run', runId), 0, err.join('\n'));
    assert.equal(revLabel('a'), 'prod');
  });

  it('not enough traffic to judge: never a pass — stops by default, goes on with --gate-undecided continue', async () => {
    await start('traffic-gate', { regressions: [], idle: ['b/orders'] });
    const stopped = await migrate('b');
    assert.equal(stopped.code, 3);
    const gate = stopped.json.namespaces[0].gate;
    assert.deepEqual([gate?.verdict, gate?.decision, gate?.workloads[0].verdict], ['insufficient', 'stopped', 'insufficient']);
    assert.match(stopped.json.namespaces[0].error ?? '', /not enough traffic to judge — orders: 0 requests before the restart, fewer than 5/);
    await sim.stop();
    await start('traffic-gate', { regressions: [], idle: ['b/orders'] });
    const went = await migrate('b', '--gate-undecided', 'continue');
    assert.equal(went.code, 0);
    assert.deepEqual([went.json.status, went.json.namespaces[0].gate?.verdict, went.json.namespaces[0].gate?.decision], ['completed', 'insufficient', 'continued']);
  });

  it('Prometheus found but unreachable (no ready endpoints): unknown, stopped before any write', async () => {
    await start('traffic-gate');
    const session = openClusterSession(loadKubeconfigs([sim.kubeconfigPath]), sim.contextName, {});
    await session.client.patch('deployments', 'prometheus', 'istio-system', 'merge', { spec: { replicas: 0 } });
    session.dispose();
    const deadline = Date.now() + 5000;
    while (sim.store.list('pods', 'istio-system').some((p) => p.metadata.labels?.app === 'prometheus') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const { code, json } = await migrate('a');
    assert.equal(code, 3);
    const gate = json.namespaces[0].gate;
    assert.deepEqual([gate?.verdict, gate?.decision], ['unknown', 'stopped']);
    assert.match(gate?.error ?? '', /no endpoints available for service "prometheus"/);
    assert.match(json.namespaces[0].error ?? '', /stopped before relabelling/);
    assert.equal(revLabel('a'), 'prod', 'nothing was written');
  });

  it('--prometheus URL nothing listens on: unknown, stopped', async () => {
    await start('traffic-gate');
    const { code, json } = await migrate('a', '--prometheus', `http://127.0.0.1:${await freePort()}`);
    assert.equal(code, 3);
    assert.match(json.namespaces[0].gate?.error ?? '', /cannot connect/);
    assert.equal(revLabel('a'), 'prod');
  });

  it('no Prometheus: --gate auto says so and migrates; --gate traffic refuses before any write (exit 1); --gate none is silent', async () => {
    await start('tags-prod-canary');
    assert.equal(await cli('migrate', '-n', 'a', '--to', 'canary', '--gate', 'traffic'), 1);
    assert.match(err.join('\n'), /--gate traffic: no Prometheus found \(looked for the Services istio-system\/prometheus, monitoring\/prometheus-k8s/);
    assert.equal(revLabel('a'), 'prod');
    assert.equal(await cli('migrate', '-n', 'a', '--to', 'canary'), 0);
    assert.ok(err.some((l) => /^note: the traffic gate is off: no Prometheus found/.test(l)), err.join('\n'));
    assert.equal(await cli('migrate', '-n', 'b', '--to', 'canary', '--gate', 'none'), 0);
    assert.ok(!err.some((l) => /traffic gate/.test(l)), err.join('\n'));
  });
});
