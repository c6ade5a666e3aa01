import { startSimProcess } from './simProcess';
import { ourColdSnapshot } from './ourSnapshot';
import { rawFloor, CLUSTER_WIDE_KINDS, ISTIO_KINDS } from './rawFloor';
import { readRawAccess, type RawAccess } from './kubeconfigAccess';
import { copyCluster } from './bulkCreate';
import { startRealCluster } from '../test/rig/realCluster';
import { resourcePath } from '../src/kube/resourcePaths';
import type { ResourceKind } from '../src/kube/clusterClient';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const undici = require('../node_modules/@kubernetes/client-node/node_modules/undici');

async function undiciFloor(access: RawAccess, allowH2: boolean): Promise<number> {
  const t = performance.now();
  const dispatcher = new undici.Agent({ connect: { ca: access.ca }, allowH2 });
  const get = async (path: string) => {
    const res = await undici.fetch(access.server + path, { dispatcher, headers: { authorization: `Bearer ${access.token}`, accept: 'application/json' } });
    const chunks: Uint8Array[] = [];
    for await (const c of res.body) chunks.push(c);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  };
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
  await dispatcher.close();
  return performance.now() - t;
}

async function main() {
  const sim = await startSimProcess({ namespaces: 500, podsPerNamespace: 20, revisions: 3, tags: 2 });
  let kc = sim.kubeconfigPath, ctx = sim.contextName, stop = async () => {};
  if (process.argv[2] !== 'sim') {
    const real = await startRealCluster({});
    await copyCluster(readRawAccess(sim.kubeconfigPath, sim.contextName), readRawAccess(real.kubeconfigPath, 'real-admin'));
    kc = real.kubeconfigPath; ctx = 'real-admin'; stop = () => real.stop();
  }
  const access = readRawAccess(kc, ctx);
  await ourColdSnapshot(kc, ctx); await rawFloor(access); await undiciFloor(access, true); await undiciFloor(access, false);
  for (let i = 0; i < 3; i++) {
    const o = await ourColdSnapshot(kc, ctx);
    const f = await rawFloor(access);
    const u2 = await undiciFloor(access, true);
    const u1 = await undiciFloor(access, false);
    console.log(`ours ${o.ms.toFixed(0)} (lists ${o.listMs.toFixed(0)})  floor-https ${f.ms.toFixed(0)}  undici-fetch h2 ${u2.toFixed(0)}  undici-fetch h1 ${u1.toFixed(0)}`);
  }
  await stop(); await sim.stop();
}
main();
