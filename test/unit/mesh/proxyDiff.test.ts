import { strict as assert } from 'node:assert';
import { classify, diffProxies, takeBaseline } from '../../../src/mesh/proxyDiff';
import type { MeshSnapshot, Proxy } from '../../../src/mesh/model';

function p(pod: string, revision: string | undefined, version: string | undefined, stale = false): Proxy {
  return { pod, namespace: 'a', injected: revision !== undefined, revision, proxyVersion: version, revisionSource: 'annotation', pinnedImage: false, needsRestart: stale, phase: 'Running' };
}

function snap(pods: Record<string, Proxy[]>, extraRevision = false): MeshSnapshot {
  return {
    context: 'c', tags: [], warnings: [],
    revisions: [
      { name: '1-7-6', version: '1.7.6', versionSource: 'image', istioNamespace: 'istio-system', readyReplicas: 1, desiredReplicas: 1, external: false, injectorWebhooks: [], services: [], isDefault: false, tags: [], namespaceCount: 1, proxyCount: 1, inUse: [] },
      ...(extraRevision ? [{ name: '1-8-0', version: '1.8.0', versionSource: 'image' as const, istioNamespace: 'istio-system', readyReplicas: 1, desiredReplicas: 1, external: false, injectorWebhooks: [], services: [], isDefault: false, tags: [], namespaceCount: 1, proxyCount: 1, inUse: [] }] : []),
    ],
    namespaces: [{
      name: 'a', labels: {}, state: 'bound', target: { revision: '1-8-0', via: 'istio.io/rev' }, reason: '', ambient: false,
      workloads: Object.entries(pods).map(([name, list]) => ({ kind: 'Deployment' as const, name, namespace: 'a', restartable: true, pods: list })),
    }],
  };
}

describe('proxyDiff', () => {
  it('classifies every change kind', () => {
    const s = (pod: string, revision?: string, version?: string, stale = false) => ({ pod, revision, version, injected: revision !== undefined, stale });
    assert.equal(classify(s('x', '1-7-6', '1.7.6'), s('y', '1-8-0', '1.8.0')), 'upgraded');
    assert.equal(classify(s('x', '1-8-0', '1.8.0'), s('y', '1-7-6', '1.7.6')), 'downgraded');
    assert.equal(classify(s('x', '1-7-6', '1.7.6'), s('x', '1-7-6', '1.7.6', true)), 'stale');
    assert.equal(classify(s('x', '1-7-6', '1.7.6'), s('x', '1-7-6', '1.7.6')), 'unchanged');
    assert.equal(classify(s('x', 'a', '1.7.6'), s('y', 'b', '1.7.6')), 'revision-changed');
    assert.equal(classify(s('x', '1-7-6', '1.7.6'), s('y')), 'lost-sidecar');
    assert.equal(classify(s('x'), s('y', '1-8-0', '1.8.0')), 'gained-sidecar');
    assert.equal(classify(undefined, s('y', '1-8-0', '1.8.0')), 'new');
    assert.equal(classify(s('x', '1-7-6', '1.7.6'), undefined), 'removed');
  });

  it('pairs replaced pods per workload and counts versions before and after', () => {
    const before = snap({ web: [p('web-old-1', '1-7-6', '1.7.6', true), p('web-old-2', '1-7-6', '1.7.6', true)], db: [p('db-0', '1-7-6', '1.7.6', true)] }, true);
    const baseline = takeBaseline(before, { namespaces: ['a'] }, new Date('2026-11-22T10:00:00Z'));
    const after = snap({ web: [p('web-new-1', '1-8-0', '1.8.0'), p('web-new-2', '1-8-0', '1.8.0'), p('web-new-3', '1-8-0', '1.8.0')], db: [p('db-0', '1-7-6', '1.7.6', true)] }, true);
    const d = diffProxies(baseline, after);
    assert.equal(d.baselineAt, '2026-11-22T10:00:00.000Z');
    assert.deepEqual(d.rows.map((r) => `${r.workload}:${r.before?.pod ?? '-'}→${r.after?.pod ?? '-'}:${r.change}`), [
      'db:db-0→db-0:stale',
      'web:web-old-1→web-new-1:upgraded',
      'web:web-old-2→web-new-2:upgraded',
      'web:-→web-new-3:new',
    ]);
    assert.deepEqual(d.summary.before, { '1.7.6': 3 });
    assert.deepEqual(d.summary.after, { '1.8.0': 3, '1.7.6': 1 });
    assert.equal(d.summary.stillStale, 1);
    assert.equal(d.summary.changes.upgraded, 2);
  });

  it('scopes by revision and warns when proxies are ahead of every control plane', () => {
    const s = snap({ web: [p('w1', '1-9-0', '1.9.0')] });
    const d = diffProxies(takeBaseline(s, {}), s);
    assert.match(d.summary.skew.join(' '), /newer than every control plane/);
    assert.equal(diffProxies(takeBaseline(s, { revision: 'other' }), s).rows.length, 0, 'neither the target nor a proxy is on "other"');
    assert.equal(diffProxies(takeBaseline(s, { revision: '1-9-0' }), s).rows.length, 1, 'a proxy runs 1-9-0');
    assert.equal(diffProxies(takeBaseline(s, { revision: '1-8-0' }), s).rows.length, 1, 'the namespace targets 1-8-0');
    assert.equal(diffProxies(takeBaseline(s, { namespaces: ['zz'] }), s).rows.length, 0);
  });
});
