/** The traffic gate's judgement: pass, breach (5xx, p99), not enough traffic, no histogram — and the queries it sends. */
import { strict as assert } from 'node:assert';
import {
  DEFAULT_GATE_THRESHOLDS, errorPercent, formatMs, formatPercent, gateLine, judgeWorkload, worstVerdict, type NamespaceGateResult,
} from '../../../src/mesh/trafficGate';
import { errorsQuery, p99Query, promString, requestsQuery } from '../../../src/mesh/gateQueries';

const T = DEFAULT_GATE_THRESHOLDS;
const ok = { requests: 10_000, errors: 10, p99Ms: 80 };

describe('traffic gate judgement', () => {
  it('passes when 5xx and p99 stay within the thresholds, and says the figures', () => {
    const j = judgeWorkload(ok, { requests: 2000, errors: 20, p99Ms: 110 }, T);
    assert.equal(j.verdict, 'pass');
    assert.deepEqual(j.reasons, ['5xx 0.10 % → 1.00 %, p99 80 ms → 110 ms']);
  });

  it('a 5xx rise above the limit in percentage points is a breach', () => {
    const j = judgeWorkload(ok, { requests: 1000, errors: 52, p99Ms: 80 }, T);
    assert.equal(j.verdict, 'breach');
    assert.deepEqual(j.reasons, ['5xx 0.10 % → 5.20 % (+5.10 pp, limit +1 pp)']);
    assert.equal(judgeWorkload(ok, { requests: 1000, errors: 52, p99Ms: 80 }, { ...T, maxErrorRateIncrease: 6 }).verdict, 'pass');
  });

  it('p99 beyond the ratio is a breach only when it also rose by the minimum in ms', () => {
    const slow = judgeWorkload(ok, { requests: 1000, errors: 1, p99Ms: 130 }, T);
    assert.equal(slow.verdict, 'breach');
    assert.deepEqual(slow.reasons, ['p99 80 ms → 130 ms (×1.63, limit ×1.5)']);
    // 2 → 3.5 ms is ×1.75 but only 1.5 ms: noise, not a regression.
    assert.equal(judgeWorkload({ ...ok, p99Ms: 2 }, { requests: 1000, errors: 1, p99Ms: 3.5 }, T).verdict, 'pass');
  });

  it('both breaches are named together', () => {
    const j = judgeWorkload(ok, { requests: 1000, errors: 100, p99Ms: 400 }, T);
    assert.equal(j.verdict, 'breach');
    assert.equal(j.reasons.length, 2);
  });

  it('too few requests before or after is "not enough traffic to judge", never a pass', () => {
    const after = judgeWorkload(ok, { requests: 99, errors: 0, p99Ms: 80 }, T);
    assert.equal(after.verdict, 'insufficient');
    assert.deepEqual(after.reasons, ['99 requests after the restart, fewer than 100: not enough traffic to judge']);
    const none = judgeWorkload(undefined, undefined, T);
    assert.equal(none.verdict, 'insufficient');
    assert.equal(none.reasons.length, 2);
    // A 5xx jump on a handful of requests is not judged either: 1 error in 10 requests is noise.
    assert.equal(judgeWorkload(ok, { requests: 10, errors: 5, p99Ms: 80 }, T).verdict, 'insufficient');
  });

  it('enough requests but no latency histogram (NaN) cannot pass', () => {
    const j = judgeWorkload(ok, { requests: 1000, errors: 1 }, T);
    assert.equal(j.verdict, 'insufficient');
    assert.match(j.reasons[0], /p99 unknown after the restart/);
  });

  it('the worst verdict wins; figures format for people', () => {
    assert.equal(worstVerdict(['pass', 'insufficient', 'breach', 'unknown']), 'breach');
    assert.equal(worstVerdict(['pass', 'insufficient', 'unknown']), 'unknown');
    assert.equal(worstVerdict([]), 'pass');
    assert.equal(errorPercent({ requests: 0, errors: 0 }), undefined);
    assert.equal(formatPercent(undefined), '—');
    assert.equal(formatPercent(12.345), '12.3 %');
    assert.equal(formatMs(4.25), '4.3 ms');
  });

  it('one line says what broke, or why the gate could not read Prometheus', () => {
    const base: NamespaceGateResult = {
      namespace: 'a', verdict: 'breach', prometheus: 'p', windowSeconds: 300, soakSeconds: 60, thresholds: T, baselineAt: '',
      workloads: [
        { namespace: 'a', kind: 'Deployment', name: 'cart', verdict: 'breach', reasons: ['5xx 0.10 % → 5.20 % (+5.10 pp, limit +1 pp)'] },
        { namespace: 'a', kind: 'Deployment', name: 'web', verdict: 'pass', reasons: ['fine'] },
      ],
    };
    assert.equal(gateLine(base), 'traffic gate breach — cart: 5xx 0.10 % → 5.20 % (+5.10 pp, limit +1 pp)');
    assert.equal(gateLine({ ...base, verdict: 'unknown', workloads: [], error: 'baseline: Prometheus x: HTTP 503' }), 'traffic gate unknown: baseline: Prometheus x: HTTP 503');
  });
});

describe('traffic gate queries', () => {
  it('ask Prometheus for server-side requests, 5xx and p99 per workload of one namespace', () => {
    assert.equal(requestsQuery('shop', 60), 'sum by (destination_workload) (increase(istio_requests_total{reporter="destination",destination_workload_namespace="shop"}[60s]))');
    assert.equal(errorsQuery('shop', 300), 'sum by (destination_workload) (increase(istio_requests_total{reporter="destination",destination_workload_namespace="shop",response_code=~"5.."}[300s]))');
    assert.equal(p99Query('shop', 59.6), 'histogram_quantile(0.99, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="shop"}[60s])))');
  });

  it('escape label values', () => {
    assert.equal(promString('a"b\\c\n'), '"a\\"b\\\\c\\n"');
  });
});
