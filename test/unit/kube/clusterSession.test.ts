import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isClusterError } from '../../../src/kube/clusterError';
import { openClusterSession } from '../../../src/kube/clusterSession';
import { loadKubeconfigs } from '../../../src/kube/kubeconfigLoader';
import { FakeApiServer } from './fakeApiServer';
import { waitFor, writeTempKubeconfig } from './kubeTestUtil';

describe('kube/clusterSession', () => {
  it('opens a client and a cache for one context, and disposes both', async () => {
    const fake = await FakeApiServer.start();
    const file = writeTempKubeconfig(fake.kubeconfigYaml());
    let session: ReturnType<typeof openClusterSession> | undefined;
    try {
      fake.put('namespaces', { metadata: { name: 'istio-system' } });
      const loaded = loadKubeconfigs([file]);
      session = openClusterSession(loaded, 'fake', { batchMs: 5 });
      assert.equal(session.client.context, 'fake');
      await session.cache.start();
      assert.deepEqual(session.cache.inventory().namespaces.map((n) => n.metadata.name), ['istio-system']);
      await waitFor(() => fake.openWatches() === 11);
      assert.equal(session.cache.stats().requests, 23, '11 LISTs (10 kinds and the runs\' locks), the Sail discovery GET and 11 WATCHes on a small cluster');
      session.dispose();
      await waitFor(() => fake.openWatches() === 0);
      assert.throws(() => openClusterSession(loaded, 'nope'), (e: unknown) => isClusterError(e) && e.kind === 'badConfig');
    } finally {
      session?.dispose();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      await fake.stop();
    }
  });
});
