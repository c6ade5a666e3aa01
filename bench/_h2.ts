import * as http2 from 'node:http2';
import { startSimProcess } from './simProcess';
import { ourColdSnapshot } from './ourSnapshot';
import { rawFloor, CLUSTER_WIDE_KINDS, ISTIO_KINDS } from './rawFloor';
import { readRawAccess, type RawAccess } from './kubeconfigAccess';
import { copyCluster } from './bulkCreate';
import { startRealCluster } from '../test/rig/realCluster';
import { resourcePath } from '../src/kube/resourcePaths';
import type { ResourceKind } from '../src/kube/clusterClient';

async function h2Floor(access: RawAccess): Promise<number> {
  const t = performance.now();
  const session = http2.connect(access.server, { ca: access.ca });
  const get = (path: string) => new Promise<any>((resolve, reject) => {
    const req = session.request({ ':path': path, authorization: `Bearer ${access.token}`, accept: 'application/json' });
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    req.end();
  });
  const listAll = async (kind: ResourceKind, ns?: string) => {
    let cont: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '500' }); if (cont) q.set('continue', cont);
      const page = await get(`${resourcePath(kind, ns)}?${q}`);
      cont = page.metadata?.continue || undefined;
    } while (cont);
  };
  await Promise.all(CLUSTER_WIDE_KINDS.map((k) => listAll(k)));
  await Promise.all(ISTIO_KINDS.map((k) => listAll(k, 'istio-system')));
  session.close();
  return performance.now() - t;
}

async function main() {
  const sim = await startSimProcess({ namespaces: 500, podsPerNamespace: 20, revisions: 3, tags: 2 });
  const real = await startRealCluster({});
  await copyCluster(readRawAccess(sim.kubeconfigPath, sim.contextName), readRawAccess(real.kubeconfigPath, 'real-admin'));
  const access = readRawAccess(real.kubeconfigPath, 'real-admin');
  await ourColdSnapshot(real.kubeconfigPath, 'real-admin'); await rawFloor(access); await h2Floor(access);
  for (let i = 0; i < 3; i++) {
    const o = await ourColdSnapshot(real.kubeconfigPath, 'real-admin');
    const f = await rawFloor(access);
    const h = await h2Floor(access);
    console.log(`ours ${o.ms.toFixed(0)} (lists ${o.listMs.toFixed(0)})  floor-h1 ${f.ms.toFixed(0)}  floor-h2 ${h.toFixed(0)}`);
  }
  await real.stop(); await sim.stop();
}
main();
