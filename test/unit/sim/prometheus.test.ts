/** The simulator's Prometheus: the gate's query shapes parsed, synthetic series that follow the proxies, the HTTP API. */
import { strict as assert } from 'node:assert';
import { errorsQuery, p99Query, requestsQuery } from '../../../src/mesh/gateQueries';
import type { ObjectStore } from '../../../src/sim/core/objectStore';
import type { KubeObject, StoreEvent } from '../../../src/sim/core/types';
import { bucketQuantile, evaluate } from '../../../src/sim/prometheus/promEval';
import { PromParseError, parseGateQuery } from '../../../src/sim/prometheus/promQuery';
import { prometheusApi } from '../../../src/sim/prometheus/prometheusApi';
import { TrafficModel, parseRegression, trafficArgs } from '../../../src/sim/prometheus/trafficModel';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function fakeStore(): { store: ObjectStore; emit(e: StoreEvent): void } {
  let listener: ((e: StoreEvent) => void) | undefined;
  const store = { list: () => [], subscribe: (l: (e: StoreEvent) => void) => { listener = l; return () => undefined; } } as unknown as ObjectStore;
  return { store, emit: (e) => listener?.(e) };
}

function proxyPod(name: string, rev: string, version: string, o: { ready?: boolean; injected?: boolean } = {}): KubeObject {
  return {
    metadata: {
      name, namespace: 'a', uid: `uid-${name}`, labels: { app: 'cart', 'pod-template-hash': 'abc12' },
      annotations: o.injected === false ? {} : { 'istio.io/rev': rev },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'cart-abc12', uid: 'rs', controller: true }],
    },
    spec: { containers: [{ name: 'cart', image: 'cart:1' }, ...(o.injected === false ? [] : [{ name: 'istio-proxy', image: `docker.io/istio/proxyv2:${version}` }])] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

/** One old pod serving from T0 to T0+60 s, its replacement on 1-8-0 from T0+60 s on. */
function restartedCart(regressions = [parseRegression('1-8-0:a/cart:5')]): TrafficModel {
  let now = T0;
  const { store, emit } = fakeStore();
  const model = new TrafficModel(store, { regressions, rps: 10 }, () => now);
  const old = proxyPod('cart-abc12-x1', '1-7-6', '1.7.6');
  emit({ type: 'ADDED', resource: 'pods', rv: 1, object: old });
  now = T0 + 60_000;
  emit({ type: 'DELETED', resource: 'pods', rv: 2, object: old });
  emit({ type: 'ADDED', resource: 'pods', rv: 3, object: proxyPod('cart-def34-y1', '1-8-0', '1.8.0') });
  emit({ type: 'ADDED', resource: 'pods', rv: 4, object: proxyPod('cart-def34-y2', '1-8-0', '1.8.0', { ready: false }) });
  emit({ type: 'ADDED', resource: 'pods', rv: 5, object: proxyPod('plain', '', '', { injected: false }) });
  return model;
}

function value(samples: { metric: Record<string, string>; value: number }[], workload = 'cart'): number | undefined {
  return samples.find((s) => s.metric.destination_workload === workload)?.value;
}

describe('sim Prometheus: the gate\'s query shapes', () => {
  it('parses exactly what the gate sends', () => {
    const r = parseGateQuery(requestsQuery('a', 60));
    assert.deepEqual(r, {
      type: 'sum', by: ['destination_workload'],
      inner: { fn: 'increase', metric: 'istio_requests_total', rangeSeconds: 60, matchers: [
        { label: 'reporter', op: '=', value: 'destination' }, { label: 'destination_workload_namespace', op: '=', value: 'a' },
      ] },
    });
    assert.deepEqual(parseGateQuery(errorsQuery('a', 300)).type, 'sum');
    const q = parseGateQuery(p99Query('a', 60));
    assert.equal(q.type === 'quantile' && q.quantile, 0.99);
    assert.equal(parseGateQuery('sum(rate(istio_requests_total{response_code!~"2..",x!="y"}[1m30s]))').type, 'sum');
  });

  it('refuses every other shape with a parse error that says what it evaluates', () => {
    for (const bad of ['rate(istio_requests_total[5m])', 'sum by (a) (irate(x[5m]))', 'sum(increase(x{a="b"}))', 'sum(increase(x[5m])) / 2', 'histogram_quantile(0.9, sum(rate(x[1m])))', 'sum(increase(x{a=~"("}[1m]))']) {
      assert.throws(() => parseGateQuery(bad), (e: unknown) => e instanceof PromParseError && /parse error/.test(e.message) && /traffic gate/.test(e.message), bad);
    }
  });
});

describe('sim Prometheus: synthetic Istio series', () => {
  it('counts the requests of the pods that served in the window, by which proxy they ran', () => {
    const model = restartedCart();
    // [T0, T0+60 s]: the old pod only, 10 rps, 0.1 % 503s.
    const before = T0 + 60_000;
    assert.equal(value(evaluate(parseGateQuery(requestsQuery('a', 60)), model, before)), 600);
    assert.ok(Math.abs((value(evaluate(parseGateQuery(errorsQuery('a', 60)), model, before)) ?? 0) - 0.6) < 1e-9);
    // [T0+60 s, T0+120 s]: the new 1-8-0 pod (the unready one serves nothing), 5 % more 503s.
    const after = T0 + 120_000;
    assert.equal(value(evaluate(parseGateQuery(requestsQuery('a', 60)), model, after)), 600);
    assert.ok(Math.abs((value(evaluate(parseGateQuery(errorsQuery('a', 60)), model, after)) ?? 0) - 30.6) < 1e-9);
    // Pods without a proxy report nothing (reporter=destination needs a server-side sidecar).
    assert.equal(evaluate(parseGateQuery(requestsQuery('a', 60)), model, after).length, 1);
    assert.deepEqual(evaluate(parseGateQuery(requestsQuery('other', 60)), model, after), []);
  });

  it('p99 follows the pod latency, and a latency regression moves it', () => {
    const plain = value(evaluate(parseGateQuery(p99Query('a', 60)), restartedCart([]), T0 + 120_000)) ?? NaN;
    const slow = value(evaluate(parseGateQuery(p99Query('a', 60)), restartedCart([parseRegression('1.8.0:a/cart:0:+400')]), T0 + 120_000)) ?? NaN;
    assert.ok(plain > 25 && plain <= 100, `p99 ${plain}`);
    assert.ok(slow > 250 && slow <= 1000, `p99 ${slow}`);
  });

  it('an idle workload has no series: the quantile of nothing is absent, not 0', () => {
    const { store, emit } = fakeStore();
    const model = new TrafficModel(store, trafficArgs(undefined, ['a/cart']), () => T0);
    emit({ type: 'ADDED', resource: 'pods', rv: 1, object: proxyPod('cart-abc12-x1', '1-7-6', '1.7.6') });
    model.backdate(3600_000, store);
    assert.deepEqual(evaluate(parseGateQuery(requestsQuery('a', 60)), model, T0), []);
    assert.deepEqual(evaluate(parseGateQuery(p99Query('a', 60)), model, T0), []);
  });

  it('the loaded scenario\'s pods have an hour of history even when they become ready later; new pods do not', () => {
    let now = T0;
    const { store, emit } = fakeStore();
    const old = proxyPod('cart-abc12-x1', '1-7-6', '1.7.6', { ready: false });
    (store as unknown as { list: () => unknown[] }).list = () => [old];
    const model = new TrafficModel(store, { rps: 10 }, () => now);
    model.backdate(3600_000, store);
    now = T0 + 1000;
    emit({ type: 'MODIFIED', resource: 'pods', rv: 1, object: proxyPod('cart-abc12-x1', '1-7-6', '1.7.6') });
    emit({ type: 'ADDED', resource: 'pods', rv: 2, object: proxyPod('cart-abc12-x2', '1-7-6', '1.7.6') });
    now = T0 + 2000;
    // x1: 300 s of history; x2: ready for 1 s.
    assert.equal(value(evaluate(parseGateQuery(requestsQuery('a', 300)), model, now)), 3000 + 10);
  });

  it('histogram_quantile interpolates as Prometheus does', () => {
    const b = [{ le: 1, count: 0 }, { le: 2, count: 50 }, { le: 4, count: 100 }, { le: Infinity, count: 100 }];
    assert.equal(bucketQuantile(0.5, b), 2);
    assert.equal(bucketQuantile(0.75, b), 3);
    assert.equal(bucketQuantile(0.99, [{ le: 1, count: 10 }, { le: Infinity, count: 100 }]), 1);
    assert.ok(Number.isNaN(bucketQuantile(0.99, [{ le: 1, count: 0 }, { le: Infinity, count: 0 }])));
    assert.ok(Number.isNaN(bucketQuantile(0.99, [{ le: 1, count: 1 }])));
  });

  it('reads --regression and --idle', () => {
    assert.deepEqual(parseRegression('1-8-0:a/cart:5'), { revision: '1-8-0', namespace: 'a', workload: 'cart', errorPercent: 5 });
    assert.deepEqual(parseRegression('1.25.1:shop/web:0.5:+250'), { revision: '1.25.1', namespace: 'shop', workload: 'web', errorPercent: 0.5, latencyMs: 250 });
    assert.throws(() => parseRegression('1-8-0:cart:5'), /REVISION:NAMESPACE\/WORKLOAD:PERCENT/);
    assert.throws(() => parseRegression('1-8-0:a/cart:500'), /at most 100/);
    assert.deepEqual(trafficArgs(['none'], undefined), { regressions: [] });
    assert.deepEqual(trafficArgs(undefined, undefined), {});
  });
});

describe('sim Prometheus: the HTTP API', () => {
  const model = restartedCart();
  const params = (p: Record<string, string>) => new URLSearchParams(p);

  it('answers an instant query with a vector in Prometheus\'s envelope, values as strings', () => {
    const r = prometheusApi(model, 'api/v1/query', params({ query: requestsQuery('a', 60), time: String((T0 + 120_000) / 1000) }));
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'success', data: { resultType: 'vector', result: [{ metric: { destination_workload: 'cart' }, value: [(T0 + 120_000) / 1000, '600'] }] } });
    const rfc = prometheusApi(model, 'api/v1/query', params({ query: requestsQuery('a', 60), time: new Date(T0 + 120_000).toISOString() }));
    assert.deepEqual(rfc.json, r.json);
  });

  it('answers a range query with a matrix, one point per step', () => {
    const r = prometheusApi(model, 'api/v1/query_range', params({ query: requestsQuery('a', 30), start: String(T0 / 1000 + 30), end: String(T0 / 1000 + 120), step: '30s' }));
    const data = (r.json as { data: { resultType: string; result: { values: [number, string][] }[] } }).data;
    assert.equal(data.resultType, 'matrix');
    assert.deepEqual(data.result[0].values.map(([, v]) => v), ['300', '300', '300', '300']);
  });

  it('bad queries and parameters are 400 bad_data; an unknown path 404', () => {
    const bad = (r: ReturnType<typeof prometheusApi>, pattern: RegExp) => {
      assert.equal(r.status, 400);
      const body = r.json as { status: string; errorType: string; error: string };
      assert.equal(body.status, 'error');
      assert.equal(body.errorType, 'bad_data');
      assert.match(body.error, pattern);
    };
    bad(prometheusApi(model, 'api/v1/query', params({ query: 'up' })), /parse error/);
    bad(prometheusApi(model, 'api/v1/query', params({})), /query must not be empty/);
    bad(prometheusApi(model, 'api/v1/query', params({ query: requestsQuery('a', 60), time: 'yesterday' })), /invalid parameter "time"/);
    const q = requestsQuery('a', 60);
    bad(prometheusApi(model, 'api/v1/query_range', params({ query: q, start: '100', end: '50', step: '1' })), /end timestamp must not be before start/);
    bad(prometheusApi(model, 'api/v1/query_range', params({ query: q, start: '0', end: '50', step: '0' })), /zero or negative/);
    bad(prometheusApi(model, 'api/v1/query_range', params({ query: q, start: '0', end: '100000', step: '1' })), /11,000 points/);
    assert.equal(prometheusApi(model, 'api/v1/series', params({})).status, 404);
  });
});
