import { strict as assert } from 'node:assert';
import type { ClusterState } from '../../../src/fleet/clusterState';
import { anyClusterLoaded, staleProxyBadge, staleProxyCount } from '../../../src/views/staleBadge';
import { deployment, namespace, proxy, revision, snapshot } from './snapshotFixtures';

/** A ready cluster whose namespace `ns` has `stale` pods needing a restart out of `total`. */
function cluster(context: string, stale: number, total = stale + 1): ClusterState {
  const pods = Array.from({ length: total }, (_, i) => proxy(`p${i}`, 'ns', i < stale ? '1-7-6' : '1-8-0', i < stale ? '1.7.6' : '1.8.0', i < stale));
  return {
    context, isCurrent: false, status: 'ready',
    snapshot: snapshot({ context, revisions: [revision('1-8-0', '1.8.0')], namespaces: [namespace('ns', { workloads: [deployment('web', 'ns', pods)] })] }),
  };
}

describe('views/staleBadge: the view badge counts proxies needing a restart across loaded clusters', () => {
  it('is absent when no proxy needs a restart, and when nothing is loaded', () => {
    assert.equal(staleProxyBadge([]), undefined);
    assert.equal(staleProxyBadge([cluster('a', 0, 5)]), undefined);
    assert.equal(staleProxyBadge([{ context: 'b', isCurrent: true, status: 'idle' }]), undefined);
  });

  it('counts one cluster with singular and plural wording', () => {
    assert.deepEqual(staleProxyBadge([cluster('prod', 1)]), { value: 1, tooltip: '1 proxy needs a restart to get its target revision.' });
    assert.deepEqual(staleProxyBadge([cluster('prod', 6, 20)]), { value: 6, tooltip: '6 proxies need a restart to get their target revision.' });
  });

  it('sums the loaded clusters and names each in the tooltip; clusters not ready do not count', () => {
    const loading: ClusterState = { ...cluster('staging', 9), status: 'loading' };
    const badge = staleProxyBadge([cluster('prod-eu', 4), cluster('clean', 0), cluster('dev', 1), loading]);
    assert.deepEqual(badge, { value: 5, tooltip: '5 proxies need a restart to get their target revision. prod-eu: 4 proxies, dev: 1 proxy.' });
  });

  it('follows the model: the count drops as pods roll', () => {
    const before = cluster('prod', 3, 3);
    assert.equal(staleProxyCount(before), 3);
    const after = cluster('prod', 0, 3);
    assert.equal(staleProxyBadge([after]), undefined);
  });

  it('a cluster is "loaded" for the palette once one is ready with a snapshot', () => {
    assert.equal(anyClusterLoaded([]), false);
    assert.equal(anyClusterLoaded([{ context: 'a', isCurrent: true, status: 'idle' }, { context: 'b', isCurrent: false, status: 'error', error: { kind: 'unreachable', message: 'x' } }]), false);
    assert.equal(anyClusterLoaded([{ context: 'a', isCurrent: true, status: 'loading' }, cluster('b', 0)]), true);
  });
});
