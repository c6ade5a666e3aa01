import { strict as assert } from 'node:assert';
import type { ClusterClient } from '../../../src/kube/clusterClient';
import type { KNamespace } from '../../../src/mesh/kubeObjects';
import { revertText, watchForRevert } from '../../../src/upgrade/revertWatch';

/** A client whose namespace reads come from `reads` in turn (the last one repeats); a thrown read is an error. */
function client(reads: (KNamespace | Error)[]): ClusterClient & { gets: number } {
  const c = {
    gets: 0,
    context: 'fake',
    async get() {
      const r = reads[Math.min(c.gets++, reads.length - 1)];
      if (r instanceof Error) throw r;
      return structuredClone(r);
    },
  };
  return c as unknown as ClusterClient & { gets: number };
}

const ns = (labels: Record<string, string>, managedFields?: KNamespace['metadata']['managedFields']): KNamespace => ({ metadata: { name: 'payments', labels, ...(managedFields ? { managedFields } : {}) } });
const ours = { 'istio.io/rev': 'canary' };
const field = (manager: string, key: string, time: string) => ({ manager, operation: 'Update', time, fieldsV1: { 'f:metadata': { 'f:labels': { [`f:${key}`]: {} } } } });

describe('revert watch after a relabel anyway', () => {
  it('reports the owner putting a label back, with the manager the server names (not ours)', async () => {
    const c = client([
      ns({ ...ours, team: 'x' }),
      new Error('connection reset'),
      ns({ 'istio-injection': 'enabled', ...ours }, [field('istio-canary-upgrades', 'istio.io/rev', '2026-01-01T10:00:01Z'), field('argocd-controller', 'istio-injection', '2026-01-01T10:00:00Z')]),
    ]);
    const r = await watchForRevert(c, 'payments', ours, 'Argo CD app payments', { windowMs: 5000, pollMs: 1 });
    assert.equal(c.gets, 3, 'a failed read is polled again');
    assert.deepEqual(r.reverted && { by: r.reverted.by, labels: r.reverted.labels, manager: r.reverted.manager }, {
      by: 'Argo CD app payments', labels: { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, manager: 'argocd-controller',
    });
    assert.equal(revertText(r.reverted!), 'reverted by Argo CD app payments: labels now istio-injection=enabled, istio.io/rev=canary — istio-injection=enabled wins over istio.io/rev (last set by argocd-controller)');
  });

  it('labels that stay as written for the whole window: no revert', async () => {
    const c = client([ns(ours)]);
    const r = await watchForRevert(c, 'payments', ours, 'Flux Kustomization flux-system/apps', { windowMs: 30, pollMs: 5 });
    assert.equal(r.reverted, undefined);
    assert.ok(c.gets >= 1);
  });

  it('stops at once when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    const r = await watchForRevert(client([ns(ours)]), 'payments', ours, 'x', { windowMs: 60_000, pollMs: 10_000, signal: abort.signal });
    assert.equal(r.reverted, undefined);
  });
});
