import { strict as assert } from 'node:assert';
import { computeUsage, namespaceReference, podReference } from '../../../src/sim/controllers/sailInUse';
import type { KubeObject } from '../../../src/sim/core/types';

const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, labels } });
const pod = (namespace: string, opts: { labels?: Record<string, string>; injectedBy?: string; phase?: string } = {}): KubeObject => ({
  metadata: { name: 'p', namespace, labels: opts.labels, annotations: opts.injectedBy ? { 'istio.io/rev': opts.injectedBy } : undefined },
  status: { phase: opts.phase ?? 'Running' },
});

describe('sim: Sail\'s in-use rule', () => {
  it('reads namespace and pod references the way Sail does', () => {
    assert.equal(namespaceReference({ 'istio-injection': 'enabled', 'istio.io/rev': 'x' }), 'default');
    assert.equal(namespaceReference({ 'istio-injection': 'disabled', 'istio.io/rev': 'x' }), 'x');
    assert.equal(namespaceReference({}), '');
    assert.equal(podReference({ 'sidecar.istio.io/inject': 'true' }), 'default');
    assert.equal(podReference({ 'sidecar.istio.io/inject': 'false', 'istio.io/rev': 'x' }), '');
    assert.equal(podReference({ 'istio.io/rev': 'x' }), 'x');
  });

  it('a revision is in use through a tag, a namespace, an injected live pod or a pod label in an unlabeled namespace', () => {
    const usage = computeUsage({
      namespaces: [ns('a', { 'istio.io/rev': 'r-ns' }), ns('b'), ns('c', { 'istio.io/rev': 'r-ns' })],
      pods: [
        pod('a', { injectedBy: 'r-pod' }),
        pod('a', { injectedBy: 'r-done', phase: 'Succeeded' }),
        pod('b', { labels: { 'istio.io/rev': 'r-label' } }),
        pod('c', { labels: { 'istio.io/rev': 'r-ignored' } }),
      ],
      tagTargets: new Map([['prod', 'r-tag']]),
      autoInjecting: new Set(),
    });
    for (const rev of ['r-ns', 'r-pod', 'r-label', 'r-tag']) assert.equal(usage.revisionInUse(rev), true, rev);
    for (const rev of ['r-done', 'r-ignored', 'unknown']) assert.equal(usage.revisionInUse(rev), false, rev);
  });

  it('a tag is in use by name only; the default tag also when its revision injects namespaces by default', () => {
    const input = { namespaces: [ns('a', { 'istio.io/rev': 'prod' })], pods: [], tagTargets: new Map([['prod', 'r1'], ['canary', 'r1'], ['default', 'r2']]), autoInjecting: new Set<string>() };
    const usage = computeUsage(input);
    assert.equal(usage.tagInUse('prod'), true);
    assert.equal(usage.tagInUse('canary'), false);
    assert.equal(usage.tagInUse('default'), false);
    assert.equal(computeUsage({ ...input, autoInjecting: new Set(['r2']) }).tagInUse('default'), true);
  });
});
