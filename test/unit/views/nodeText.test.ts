import { strict as assert } from 'node:assert';
import { clusterTooltip, clusterDescription, md, namespaceDescription, namespaceTooltip, proxyDescription, revisionDescription, revisionTooltip, workloadDescription } from '../../../src/views/nodeText';
import { deployment, namespace, proxy, revision, snapshot } from './snapshotFixtures';

describe('nodeText', () => {
  it('describes a revision with the numbers that matter', () => {
    const r = revision('1-8-0', '1.8.0', { isDefault: true, readyReplicas: 1, desiredReplicas: 2, namespaceCount: 3, proxyCount: 41 });
    assert.equal(revisionDescription(r), '1.8.0 · default · ready 1/2 · 3 ns · 41 proxies');
    assert.equal(revisionDescription(revision('x', '1.9.0', { external: true, proxyCount: 1 })), '1.9.0 · external control plane · 0 ns · 1 proxy');
    const old = revision('1-7-6', '1.7.6', { readyReplicas: 1, desiredReplicas: 1 });
    assert.equal(revisionDescription({ ...old, inUse: [] }), '1.7.6 · ready 1/1 · 0 ns · 0 proxies · unused — can be removed');
    assert.equal(revisionDescription({ ...old, inUse: [{ kind: 'tag', tag: 'prod' }] }), '1.7.6 · ready 1/1 · 0 ns · 0 proxies');
    assert.equal(revisionDescription({ ...old, inUse: [], isDefault: true }), '1.7.6 · default · ready 1/1 · 0 ns · 0 proxies');
  });

  it('while the pods are still listed (first paint), revisions and namespaces say they are counting proxies', () => {
    const r = revision('1-7-6', '1.7.6', { readyReplicas: 1, desiredReplicas: 1, namespaceCount: 2, countingProxies: true });
    assert.equal(revisionDescription({ ...r, inUse: [] }), '1.7.6 · ready 1/1 · 2 ns · counting proxies…');
    assert.match(revisionTooltip(r), /Counting proxies/);
    const ns = namespace('checkout', { state: 'bound', target: { revision: '1-7-6', via: 'istio.io/rev' }, countingProxies: true });
    assert.equal(namespaceDescription({ namespace: ns, podLevel: false, workloads: [] }), 'istio.io/rev · counting proxies…');
    const s = snapshot({ revisions: [r] });
    assert.match(clusterDescription({ context: 'c', isCurrent: false, status: 'ready', snapshot: s, pending: 'proxies' }), /counting proxies…/);
  });

  it('while the pods stream in, revision and namespace rows show the proxies counted so far', () => {
    const r = revision('1-7-6', '1.7.6', { readyReplicas: 1, desiredReplicas: 1, namespaceCount: 2, proxyCount: 1240, countingProxies: true });
    assert.equal(revisionDescription(r), '1.7.6 · ready 1/1 · 2 ns · 1,240 proxies so far · counting proxies…');
    assert.equal(revisionDescription({ ...r, proxyCount: 1 }), '1.7.6 · ready 1/1 · 2 ns · 1 proxy so far · counting proxies…');
    const ns = namespace('checkout', { state: 'bound', target: { revision: '1-7-6', via: 'istio.io/rev' }, countingProxies: true });
    const workloads = [deployment('w', 'checkout', [proxy('p1', 'checkout', '1-7-6', '1.7.6'), proxy('p2', 'checkout', '1-7-6', '1.7.6')])];
    assert.equal(namespaceDescription({ namespace: ns, podLevel: false, workloads }), 'istio.io/rev · 2 proxies so far · counting proxies…');
  });

  it('marks stale workloads with the versions they still run', () => {
    const w = deployment('indexer', 'search', [proxy('i-0', 'search', '1-7-6', '1.7.6', true), proxy('i-1', 'search', '1-8-0', '1.8.0')]);
    assert.equal(workloadDescription(w, '1.8.0'), 'Deployment · ⚠ 1/2 on 1.8.0 (still 1.7.6)');
    const ok = deployment('api', 'search', [proxy('a-0', 'search', '1-8-0', '1.8.0')]);
    assert.equal(workloadDescription(ok, '1.8.0'), 'Deployment · 1/1 on 1.8.0');
    assert.equal(workloadDescription(deployment('bare', 'x', [proxy('p', 'x', '1-7-6', '1.7.6', true)], { kind: 'Pod', restartable: false }), '1.8.0'),
      'Pod · ⚠ 0/1 on 1.8.0 (still 1.7.6) · cannot be rolled');
  });

  it('says how a namespace is bound and how many proxies are stale', () => {
    const ns = namespace('search', { state: 'bound', target: { revision: '1-8-0', via: 'tag', tag: 'canary' } });
    const workloads = [deployment('w', 'search', [proxy('p1', 'search', '1-7-6', '1.7.6', true), proxy('p2', 'search', '1-8-0', '1.8.0')])];
    assert.equal(namespaceDescription({ namespace: ns, podLevel: false, workloads }), 'via tag canary · ⚠ 1 of 2 proxies needs a restart');
    const enabled = namespace('checkout', { state: 'bound', target: { revision: '1-7-6', via: 'istio-injection' } });
    assert.equal(namespaceDescription({ namespace: enabled, podLevel: false, workloads: [] }), 'istio-injection=enabled → default · no proxies');
  });

  it('describes pods and clusters', () => {
    assert.equal(proxyDescription(proxy('p', 'n', '1-7-6', '1.7.6', true)), '1-7-6 · 1.7.6 · ⚠ stale');
    assert.equal(proxyDescription(proxy('p', 'n', undefined, undefined)), 'no proxy');
    assert.equal(clusterDescription({ context: 'c', isCurrent: true, status: 'error', error: { kind: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:1' } }),
      'current context · ✖ unreachable: connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(clusterDescription({ context: 'c', isCurrent: false, status: 'ready', snapshot: snapshot() }), 'Istio not found');
  });

  it('escapes Markdown in cluster-provided names', () => {
    assert.equal(md('a_b*<script>'), 'a\\_b\\*\\<script\\>');
  });
});

describe('nodeText wording', () => {
  it('does not claim a version change when only the revision or the injection setting differs', () => {
    const w = deployment('old-worker', 'legacy', [proxy('o-1', 'legacy', '1-23-4', '1.23.4', true)]);
    assert.equal(workloadDescription(w, '1.23.4'), 'Deployment · ⚠ 1/1 needs a restart');
    const c = { context: 'c', isCurrent: false, status: 'ready' as const, snapshot: snapshot({ revisions: [revision('r', '1.0.0')], namespaces: [namespace('n', { workloads: [w] })] }) };
    assert.equal(clusterDescription(c), '1 revision · ⚠ proxies need a restart');
    const clean = { ...c, snapshot: snapshot({ revisions: [revision('r', '1.0.0')], namespaces: [namespace('n', { workloads: [] })] }) };
    assert.equal(clusterDescription(clean), '1 revision');
    const idle = { context: 'prod', isCurrent: false, status: 'idle' as const, authHint: 'exec: aws eks `get-token`' };
    assert.equal(clusterDescription(idle), 'not connected — expand to connect (exec: aws eks `get-token`)');
    assert.match(clusterTooltip(idle), /Not connected: nothing has been sent to this cluster yet/);
    assert.match(clusterTooltip(idle), /connecting runs `` exec: aws eks `get-token` `` for credentials/);
    assert.equal(clusterDescription({ context: 'dev', isCurrent: false, status: 'idle' }), 'not connected — expand to connect');
  });

  it('counts stale pods and references with a verb that agrees', () => {
    const one = namespace('shop', { workloads: [deployment('w', 'shop', [proxy('p1', 'shop', '1-7-6', '1.7.6', true)])] });
    assert.match(namespaceTooltip(one), /\n⚠ 1 pod needs a rollout restart to get the target revision's proxy\.$/);
    const two = namespace('shop', { workloads: [deployment('w', 'shop', [proxy('p1', 'shop', '1-7-6', '1.7.6', true), proxy('p2', 'shop', '1-7-6', '1.7.6', true)])] });
    assert.match(namespaceTooltip(two), /\n⚠ 2 pods need a rollout restart to get the target revision's proxy\.$/);
    const used = (n: number) => revisionTooltip(revision('r', '1.0.0', { inUse: Array.from({ length: n }, (_, i) => ({ kind: 'namespace' as const, namespace: `n${i}` })) }));
    assert.match(used(1), /In use by 1 reference: namespace n0$/);
    assert.match(used(2), /In use by 2 references: namespace n0, namespace n1$/);
  });
});

describe('nodeText: pod-level placements', () => {
  it('names istio.io/rev only when a pod template carries it; gateways injected via sidecar.istio.io/inject are "pod-level injection"', () => {
    const gw = deployment('istio-ingressgateway', 'istio-ingress', [proxy('gw-1', 'istio-ingress', '1-23-4', '1.23.4')]);
    assert.equal(namespaceDescription({ namespace: namespace('istio-ingress'), podLevel: true, workloads: [gw] }), 'pod-level injection · all 1 proxy 1.23.4');
    const pinned = { ...gw, templateRevision: '1-24-2' };
    assert.equal(namespaceDescription({ namespace: namespace('istio-ingress'), podLevel: true, workloads: [pinned] }), 'pod-level istio.io/rev · all 1 proxy 1.23.4');
  });
});

describe('nodeText: ambient', () => {
  it('marks ambient namespaces and explains the in-place-only upgrade', () => {
    const ns = namespace('mesh', { state: 'bound', target: { revision: '1-24-2', via: 'istio.io/rev' }, ambient: true });
    assert.equal(namespaceDescription({ namespace: ns, podLevel: false, workloads: [] }), 'istio.io/rev · ambient · no proxies');
    assert.match(namespaceTooltip(ns), /upgrade in place only/);
  });
});
