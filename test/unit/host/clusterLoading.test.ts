import { strict as assert } from 'node:assert';
import { ensureLoaded, type ClusterLoadingDeps } from '../../../src/host/clusterLoading';
import type { ClusterState, ClusterStatus } from '../../../src/fleet/clusterState';
import { Emitter } from './fakeKubernetesApi';

function deps(initial: Record<string, ClusterStatus>) {
  const states = new Map(Object.entries(initial).map(([context, status]) => [context, { context, status, isCurrent: false } as ClusterState]));
  const changed = new Emitter<string[]>();
  const connected: string[] = [];
  const set = (context: string, status: ClusterStatus): void => {
    states.set(context, { context, status, isCurrent: false });
    changed.fire([context]);
  };
  const d: ClusterLoadingDeps = {
    fleet: () => ({ cluster: (c) => states.get(c) }),
    connectCluster: async (c) => {
      connected.push(c);
      set(c, 'ready');
    },
    onDidChangeClusters: changed.event,
  };
  return { d, connected, set, changed };
}

describe('host/clusterLoading: use a context now, from outside our tree', () => {
  it('connects an idle context (once) and returns it loaded', async () => {
    const h = deps({ dev: 'idle' });
    const state = await ensureLoaded(h.d, 'dev', 10_000);
    assert.equal(state?.status, 'ready');
    assert.deepEqual(h.connected, ['dev']);
  });

  it('does not connect what is loaded, failed, or unknown', async () => {
    const h = deps({ prod: 'ready', bad: 'error' });
    assert.equal((await ensureLoaded(h.d, 'prod', 10_000))?.status, 'ready');
    assert.equal((await ensureLoaded(h.d, 'bad', 10_000))?.status, 'error');
    assert.equal(await ensureLoaded(h.d, 'elsewhere', 10_000), undefined);
    assert.deepEqual(h.connected, []);
  });

  it('waits while the context loads, across unrelated changes, and stops listening when done', async () => {
    const h = deps({ prod: 'loading', other: 'ready' });
    const pending = ensureLoaded(h.d, 'prod', 10_000);
    h.set('other', 'error');
    h.set('prod', 'error');
    assert.equal((await pending)?.status, 'error');
    assert.equal(h.changed.listeners.size, 0);
  });

  it('gives up waiting after its time-out and returns the state as it is', async () => {
    const h = deps({ prod: 'loading' });
    assert.equal((await ensureLoaded(h.d, 'prod', 5))?.status, 'loading');
    assert.equal(h.changed.listeners.size, 0);
  });
});
