/** The run's traffic gate on a scripted Prometheus: baseline, soak, judgement, an unreadable Prometheus, decide. */
import { strict as assert } from 'node:assert';
import { PrometheusError, type PrometheusClient, type PromSample } from '../../../src/kube/prometheus/prometheusClient';
import type { NamespacePlan } from '../../../src/mesh/migrationPlan';
import { DEFAULT_GATE_THRESHOLDS, type NamespaceGateResult } from '../../../src/mesh/trafficGate';
import { gateBaselineStep, gateJudgeStep } from '../../../src/upgrade/gateStep';
import { createTrafficGate, type GateDecision } from '../../../src/upgrade/trafficGate';
import { UpgradeError } from '../../../src/upgrade/upgradeErrors';

type Figures = Record<string, { requests: number; errors: number; p99: number }>;

/** Answers the gate's three queries from `figures()` (read at each call); records [query kind, window, time]. */
function scripted(figures: () => Figures | Error): PrometheusClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    where: 'scripted',
    asked,
    async query(expr, at) {
      const f = figures();
      if (f instanceof Error) throw f;
      const kind = expr.startsWith('histogram_quantile') ? 'p99' : expr.includes('5..') ? 'errors' : 'requests';
      asked.push(`${kind} ${/\[(\d+)s\]/.exec(expr)?.[1]}s @${at.getTime()}`);
      return Object.entries(f).map(([w, x]): PromSample => ({ metric: { destination_workload: w }, value: kind === 'p99' ? x.p99 : kind === 'errors' ? x.errors : x.requests }));
    },
    async queryRange() {
      return [];
    },
  };
}

const NS: NamespacePlan = {
  namespace: 'a', labelsBefore: {}, labelsAfter: {}, relabel: true, patch: { metadata: { labels: {} } },
  restart: [{ kind: 'Deployment', namespace: 'a', name: 'cart' }, { kind: 'Deployment', namespace: 'a', name: 'web' }], blocked: [], proxies: 2, staleAfter: 2,
};

function gate(prom: PrometheusClient, decisions: GateDecision[] = []) {
  const asked: NamespaceGateResult[] = [];
  const waits: number[] = [];
  let clock = 1_000_000;
  const g = createTrafficGate({
    prometheus: prom, thresholds: DEFAULT_GATE_THRESHOLDS, windowSeconds: 300, soakSeconds: 30,
    now: () => new Date(clock),
    wait: async (ms) => { waits.push(ms); clock += ms; },
    decide: async (r) => { asked.push(r); return decisions.shift() ?? 'stop'; },
  });
  return { g, asked, waits };
}

const healthy: Figures = { cart: { requests: 3000, errors: 3, p99: 80 }, web: { requests: 6000, errors: 6, p99: 70 } };
const say = (): void => undefined;
const signal = new AbortController().signal;

describe('the run\'s traffic gate', () => {
  it('pass: baseline over the window before, soak, the same figures over the soak after', async () => {
    let now: Figures = healthy;
    const prom = scripted(() => now);
    const { g, waits } = gate(prom);
    const step = await gateBaselineStep(g, NS, {}, signal, say);
    assert.ok(step.baseline && !step.failure);
    now = { cart: { requests: 300, errors: 0, p99: 82 }, web: { requests: 600, errors: 1, p99: 71 } };
    const judged = await gateJudgeStep(g, step.baseline, signal, say);
    assert.equal(judged.failure, undefined);
    assert.equal(judged.result?.verdict, 'pass');
    assert.deepEqual(judged.result?.workloads.map((w) => `${w.name} ${w.verdict} ${w.before?.requests}→${w.after?.requests}`), ['cart pass 3000→300', 'web pass 6000→600']);
    assert.deepEqual(waits, [30_000]);
    assert.deepEqual(prom.asked.slice(0, 3).sort(), ['errors 300s @1000000', 'p99 300s @1000000', 'requests 300s @1000000']);
    assert.deepEqual(prom.asked.slice(3).sort(), ['errors 30s @1030000', 'p99 30s @1030000', 'requests 30s @1030000']);
  });

  it('breach: fails the namespace with the figures, without asking', async () => {
    let now: Figures = healthy;
    const { g, asked } = gate(scripted(() => now));
    const { baseline } = await gateBaselineStep(g, NS, {}, signal, say);
    now = { ...healthy, cart: { requests: 300, errors: 15, p99: 80 } };
    const judged = await gateJudgeStep(g, baseline!, signal, say);
    assert.equal(judged.result?.verdict, 'breach');
    assert.equal(judged.failure, 'traffic gate breach — cart: 5xx 0.10 % → 5.00 % (+4.90 pp, limit +1 pp)');
    assert.equal(asked.length, 0);
  });

  it('not enough traffic: asks; continue goes on (recorded), stop fails the namespace', async () => {
    for (const [decision, failure] of [['continue', undefined], ['stop', /not enough traffic to judge — cart: .*; stopped after the restart$/]] as const) {
      let now: Figures = healthy;
      const { g, asked } = gate(scripted(() => now), [decision]);
      const { baseline } = await gateBaselineStep(g, NS, {}, signal, say);
      now = { ...healthy, cart: { requests: 20, errors: 0, p99: 80 } };
      const judged = await gateJudgeStep(g, baseline!, signal, say);
      assert.equal(asked.length, 1);
      assert.equal(judged.result?.verdict, 'insufficient');
      assert.equal(judged.result?.decision, decision === 'continue' ? 'continued' : 'stopped');
      if (failure) assert.match(judged.failure ?? '', failure);
      else assert.equal(judged.failure, undefined);
    }
  });

  it('Prometheus unreadable for the baseline: unknown, asked before anything is written; no soak', async () => {
    const { g, asked, waits } = gate(scripted(() => new PrometheusError('unreachable', 'scripted', 'no endpoints available for service "prometheus"')));
    const step = await gateBaselineStep(g, NS, {}, signal, say);
    assert.equal(step.baseline, undefined);
    assert.equal(step.result?.verdict, 'unknown');
    assert.equal(step.failure, 'traffic gate unknown: baseline: Prometheus scripted: no endpoints available for service "prometheus"; stopped before relabelling');
    assert.equal(asked.length, 1);
    assert.deepEqual(waits, []);
  });

  it('Prometheus unreadable after the soak: unknown, asked', async () => {
    let fail = false;
    const { g, asked } = gate(scripted(() => (fail ? new PrometheusError('timeout', 'scripted', 'no answer within 15 s') : healthy)), ['continue']);
    const { baseline } = await gateBaselineStep(g, NS, {}, signal, say);
    fail = true;
    const judged = await gateJudgeStep(g, baseline!, signal, say);
    assert.equal(judged.result?.verdict, 'unknown');
    assert.match(judged.result?.error ?? '', /no answer within 15 s/);
    assert.equal(judged.failure, undefined);
    assert.equal(asked.length, 1);
  });

  it('no gate for a dry run, a relabel only, or a namespace with nothing to restart; cancel during the soak', async () => {
    const { g } = gate(scripted(() => healthy));
    assert.deepEqual(await gateBaselineStep(g, NS, { dryRun: true }, signal, say), {});
    assert.deepEqual(await gateBaselineStep(g, NS, { relabelOnly: true }, signal, say), {});
    assert.deepEqual(await gateBaselineStep(g, { ...NS, restart: [] }, {}, signal, say), {});
    assert.deepEqual(await gateBaselineStep(undefined, NS, {}, signal, say), {});
    const abort = new AbortController();
    const real = createTrafficGate({ prometheus: scripted(() => healthy), thresholds: DEFAULT_GATE_THRESHOLDS, soakSeconds: 3600, decide: async () => 'stop' });
    const { baseline } = await gateBaselineStep(real, NS, {}, abort.signal, say);
    const judging = gateJudgeStep(real, baseline!, abort.signal, say);
    abort.abort();
    await assert.rejects(judging, (e: unknown) => e instanceof UpgradeError && e.kind === 'cancelled');
  });
});
