/**
 * The fault suite (issue 12 part C), shared by the simulator and the real kube-apiserver: migrations and the cache
 * through the fault proxy (test/rig/faultProxy.ts) — 429 with Retry-After on a restart PATCH, transient 500s on
 * LISTs, connection resets on the rollout waits' GETs, a dropped watch and 410 Gone, an API server outage
 * mid-migration — each asserting the end state and that the run says completed; and the two ambiguous writes
 * (time-out then applied, applied then reset), whose errors carry `ambiguous` for the journal.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { CallLogger, ClusterClient } from '../../src/kube/clusterClient';
import { ClusterCache } from '../../src/kube/clusterCache';
import { openClusterSession, type ClusterSession, type ClusterSessionOptions } from '../../src/kube/clusterSession';
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { planMigration, type MigrationPlan } from '../../src/mesh/migrationPlan';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { Journal } from '../../src/upgrade/journal';
import { runMigration, type MigrationOutcome } from '../../src/upgrade/migrationRunner';
import { relabelNamespace } from '../../src/upgrade/relabelNamespace';
import { eventually, ns, proxies } from '../integration/simHarness';
import { startFaultProxy, type FaultProxy } from '../rig/faultProxy';
import type { Harness, StartHarness } from './harness';
import { assertJournalExplains, newTally, printTally } from './journalTally';

/** Makes the API server unavailable for a while, as a restart does. */
export interface Outage {
  /** Where the migration's client connects during the outage case. */
  kubeconfigPath: string;
  context: string;
  /** Starts the outage; resolves once the server answers again. */
  begin(): Promise<void>;
  dispose(): Promise<void>;
}

export type MakeOutage = (h: Harness) => Promise<Outage>;

interface Tap extends CallLogger {
  calls: { method: string; path: string; status: number | 'error' }[];
  warnings: string[];
  /** Called after each answered request. */
  onCall?: (method: string, path: string, status: number | 'error') => void;
}

function tap(): Tap {
  const t: Tap = {
    calls: [], warnings: [],
    call: (_c, method, p, status) => {
      t.calls.push({ method, path: p, status });
      t.onCall?.(method, p, status);
    },
    warn: (m) => { t.warnings.push(m); },
  };
  return t;
}

function session(kubeconfigPath: string, context: string, options: ClusterSessionOptions): ClusterSession {
  return openClusterSession(loadKubeconfigs([kubeconfigPath]), context, options);
}

async function plan(client: ClusterClient, context: string, namespaces: string[], target: string): Promise<MigrationPlan> {
  const r = planMigration(context, await readInventory(client), namespaces, target);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

function completed(outcome: MigrationOutcome): void {
  assert.equal(outcome.status, 'completed', JSON.stringify(outcome.namespaces.map((n) => [n.namespace, n.status, n.error])));
  for (const n of outcome.namespaces) assert.equal(n.verdict?.verdict, 'pass', `${n.namespace}: ${JSON.stringify(n.verdict)}`);
}

/** demo-a (2 pods) and demo-b (1 pod) are on the canary revision 1.7.0, labelled istio.io/rev=canary. */
async function onCanary(h: Harness, namespaces: string[]): Promise<void> {
  const s = await h.snapshot();
  for (const name of namespaces) {
    assert.deepEqual(ns(s, name).target, { revision: 'canary', via: 'istio.io/rev' }, name);
    const app = name === 'demo-a' ? 'app-a' : 'app-b';
    assert.ok(proxies(s, name, app).every((p) => p === 'canary/1.7.0'), `${name}: ${proxies(s, name, app).join(', ')}`);
  }
}

export function defineFaultCases(start: StartHarness, where: string, makeOutage: MakeOutage): void {
  describe(`faults ${where}: retries keep runs going, ambiguous writes say so`, function () {
    this.timeout(180_000);
    let h: Harness;
    let proxy: FaultProxy;
    let journal: Journal;
    let dir: string;
    const sessions: ClusterSession[] = [];
    const through = (options: ClusterSessionOptions = {}): ClusterSession => {
      const s = session(proxy.kubeconfigPath, proxy.context, options);
      sessions.push(s);
      return s;
    };

    beforeEach(async () => {
      h = await start('canary-1-6-to-1-7', 20);
      proxy = await startFaultProxy({ kubeconfigPath: h.kubeconfigPath, context: h.contextName });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
      journal = new Journal(dir);
    });
    const tally = newTally();
    afterEach(async function () {
      if (this.currentTest?.state === 'passed') await assertJournalExplains(tally, h.client, journal, h.contextName);
    });
    after(() => printTally(tally, `faults ${where}`));
    afterEach(async () => {
      for (const s of sessions.splice(0)) s.dispose();
      await proxy.stop();
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('429 with Retry-After on a restart PATCH mid-migration: waited out, resent once, the run completes', async () => {
      const log = tap();
      const { client } = through({ logger: log });
      const throttle = proxy.add({ method: 'PATCH', path: /\/namespaces\/demo-a\/deployments\/app-a\?/, action: { kind: 'status', status: 429, retryAfterSeconds: 1 } });
      completed(await runMigration({ client, journal }, await plan(client, h.contextName, ['demo-a'], 'canary')));
      assert.equal(throttle.fired, 1);
      assert.equal(proxy.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/deployments/app-a?')).length, 2, 'the 429, then the restart');
      assert.ok(log.warnings.some((w) => /PATCH .*app-a.*HTTP 429 with Retry-After 1 s; attempt 2 of/.test(w)), log.warnings.join('\n'));
      await onCanary(h, ['demo-a']);
      assert.deepEqual(journal.runs().map((r) => r.status), ['completed']);
    });

    it('transient 500/503 on LIST reads: `migrate` completes (exit 0, status completed)', async () => {
      const rules = [
        proxy.add({ method: 'GET', path: /^\/apis\/admissionregistration\.k8s\.io\/v1\/mutatingwebhookconfigurations\?/, action: { kind: 'status', status: 500, message: 'etcdserver: leader changed' } }),
        proxy.add({ method: 'GET', path: /^\/api\/v1\/namespaces\?/, action: { kind: 'status', status: 503 } }),
        proxy.add({ method: 'GET', path: /^\/apis\/apps\/v1\/namespaces\/demo-b\/deployments\?/, action: { kind: 'status', status: 500 } }),
        proxy.add({ method: 'GET', path: /^\/api\/v1\/namespaces\/demo-b\/pods\?/, action: { kind: 'status', status: 502 } }),
      ];
      let out = '';
      let err = '';
      const code = await main(['migrate', '--kubeconfig', proxy.kubeconfigPath, '--context', proxy.context, '-n', 'demo-b', '--to', 'canary', '-o', 'json', '--journal', dir],
        { out: (t) => { out += t; }, err: (t) => { err += t; } });
      assert.equal(code, 0, `${out}\n${err}`);
      const result = JSON.parse(out) as { status: string; namespaces: { namespace: string; status: string }[] };
      assert.equal(result.status, 'completed');
      assert.deepEqual(rules.map((r) => r.fired), [1, 1, 1, 1], 'every read hit its 5xx once');
      await onCanary(h, ['demo-b']);
    });

    it('connection resets on the GETs of the rollout wait: retried, the run completes', async () => {
      const { client } = through();
      const resets = proxy.add({ method: 'GET', path: /^\/apis\/apps\/v1\/namespaces\/demo-a\/deployments\/app-a$/, times: 3, action: { kind: 'reset' } });
      completed(await runMigration({ client, journal }, await plan(client, h.contextName, ['demo-a'], 'canary')));
      assert.equal(resets.fired, 3);
      await onCanary(h, ['demo-a']);
    });

    it('a watch that drops mid-stream, then 410 Gone on the rewatch: the cache relists and its model is right', async () => {
      const { client } = through();
      const drop = proxy.add({ method: 'GET', path: /^\/api\/v1\/namespaces\?watch=true/, action: { kind: 'watchDrop', afterEvents: 1 } });
      const gone = proxy.add({ method: 'GET', path: /^\/api\/v1\/namespaces\?watch=true/, action: { kind: 'watchGone' } });
      const cache = new ClusterCache(client, { relistBackoffMs: 50, maxBackoffMs: 200, batchMs: 10 });
      const errors: string[] = [];
      cache.onError((e) => errors.push(e.message));
      try {
        await cache.start();
        await eventually(async () => proxy.requests.filter((r) => r.path.startsWith('/api/v1/namespaces?watch=true')).length, (n) => n >= 1);
        await h.client.patch('namespaces', 'demo-a', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'canary', 'istio-injection': null } } });
        await eventually(async () => gone.fired, (n) => n === 1, 10_000);
        await h.client.patch('namespaces', 'demo-b', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'canary', 'istio-injection': null } } });
        const cached = await eventually(async () => buildSnapshot(h.contextName, cache.inventory()),
          (s) => ns(s, 'demo-a').target?.revision === 'canary' && ns(s, 'demo-b').target?.revision === 'canary', 10_000);
        const truth = buildSnapshot(h.contextName, await readInventory(h.client));
        const bindings = (s: typeof truth) => s.namespaces.map((n) => `${n.name}:${n.target?.revision ?? '-'}:${n.state}`).sort();
        assert.deepEqual(bindings(cached), bindings(truth));
        assert.equal(drop.fired, 1);
        assert.ok(cache.stats().relists >= 1, 'relisted after the 410');
        assert.equal(cache.degraded(), undefined);
        assert.deepEqual(errors.filter((m) => !/resource version too old/.test(m)), [], 'the drop itself is not an error');
      } finally {
        cache.stop();
      }
    });

    it('the API server goes away mid-migration (right after a restart PATCH): the rollout wait rides it out, the run completes', async () => {
      const outage = await makeOutage(h);
      const log = tap();
      const s = session(outage.kubeconfigPath, outage.context, { logger: log });
      sessions.push(s);
      let back: Promise<void> | undefined;
      log.onCall = (method, p, status) => {
        if (!back && method === 'PATCH' && p.includes('/deployments/app-a?') && status === 200) back = outage.begin();
      };
      try {
        const p = await plan(s.client, h.contextName, ['demo-a', 'demo-b'], 'canary');
        completed(await runMigration({ client: s.client, journal }, p));
        assert.ok(back, 'the outage began');
        await back;
        assert.ok(log.calls.some((c) => c.status === 'error'), 'requests failed during the outage');
        assert.ok(log.warnings.some((w) => /connection refused|broken|HTTP 5\d\d/.test(w)), log.warnings.join('\n'));
        await onCanary(h, ['demo-a', 'demo-b']);
        assert.deepEqual(journal.runs().map((r) => r.status), ['completed']);
      } finally {
        await outage.dispose();
      }
    });

    describe('ambiguous writes: journaled unknown, settled by reading the object back (issue 12 A)', () => {
      const phases = (runId: string): string[] => journal.writes(runId).map((w) => `${w.phase}${w.readBack ? ' (read back)' : ''}`);

      it('time-out, then applied: unknown until read back, then applied — the label is there, set by one of our tries only', async () => {
        const { client } = through({ requestTimeoutMs: 1000 });
        proxy.add({ method: 'PATCH', path: /^\/api\/v1\/namespaces\/demo-a\?/, action: { kind: 'delay', ms: 2500 } });
        const run = journal.startRun({ command: 'migrate', context: h.contextName, target: 'canary', namespaces: ['demo-a'] });
        const r = await relabelNamespace(client, 'demo-a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run });
        assert.equal(r.changed, true);
        const lines = journal.writes(run.runId);
        assert.deepEqual(phases(run.runId).slice(0, 2), ['intent', 'unknown']);
        assert.match(lines[1].error ?? '', /PATCH namespaces .*was sent, but no answer .* may or may not have been applied/);
        assert.equal(phases(run.runId).at(-1), 'applied (read back)');
        // Every resend carried the first read's resourceVersion: one of them applied, the others were refused.
        assert.ok(lines.filter((w) => w.phase === 'intent').every((w) => w.resourceVersion === lines[0].resourceVersion));
        await eventually(async () => (await h.client.get('namespaces', 'demo-a')).metadata.labels?.['istio.io/rev'], (v) => v === 'canary');
      });

      it('applied, then reset: read back as applied, never resent — the run goes on and completes', async () => {
        const { client } = through();
        const rule = proxy.add({ method: 'PATCH', path: /^\/api\/v1\/namespaces\/demo-b\?/, action: { kind: 'resetAfterForward' } });
        const outcome = await runMigration({ client, journal }, await plan(client, h.contextName, ['demo-b'], 'canary'));
        completed(outcome);
        const relabel = journal.writes(outcome.runId).filter((w) => w.kind === 'namespaces');
        assert.deepEqual(relabel.map((w) => `${w.phase}${w.readBack ? ' (read back)' : ''}`), ['intent', 'unknown', 'applied (read back)']);
        assert.match(relabel[1].error ?? '', /was sent, but the connection .* broke before the answer .* may or may not have been applied/);
        assert.equal(rule.fired, 1);
        assert.equal(proxy.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/api/v1/namespaces/demo-b?')).length, 1);
        await onCanary(h, ['demo-b']);
      });
    });
  });
}
