import * as https from 'node:https';
import * as zlib from 'node:zlib';
import { startSimProcess } from './simProcess';
import { ourColdSnapshot } from './ourSnapshot';
import { rawFloor, CLUSTER_WIDE_KINDS, ISTIO_KINDS } from './rawFloor';
import { readRawAccess, type RawAccess } from './kubeconfigAccess';
import { copyCluster } from './bulkCreate';
import { startRealCluster } from '../test/rig/realCluster';
import { resourcePath } from '../src/kube/resourcePaths';
import type { ResourceKind } from '../src/kube/clusterClient';

async function gzFloor(access: RawAccess): Promise<{ ms: number; wire: number; gz: number }> {
  const t = performance.now();
  const agent = new https.Agent({ keepAlive: true, ca: access.ca });
  let wire = 0, gz = 0;
  const get = (path: string) => new Promise<any>((resolve, reject) => {
    https.get(access.server + path, { agent, headers: { authorization: `Bearer ${access.token}`, accept: 'application/json', 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => { chunks.push(c); wire += c.length; });
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'gzip') { gz++; zlib.gunzip(raw, (e, b) => e ? reject(e) : resolve(JSON.parse(b.toString('utf8')))); }
        else resolve(JSON.parse(raw.toString('utf8')));
      });
    }).on('error', reject);
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
  agent.destroy();
  return { ms: performance.now() - t, wire, gz };
}

async function main() {
  const sim = await startSimProcess({ namespaces: 500, podsPerNamespace: 20, revisions: 3, tags: 2 });
  const real = await startRealCluster({});
  await copyCluster(readRawAccess(sim.kubeconfigPath, sim.contextName), readRawAccess(real.kubeconfigPath, 'real-admin'));
  const access = readRawAccess(real.kubeconfigPath, 'real-admin');
  await ourColdSnapshot(real.kubeconfigPath, 'real-admin'); await rawFloor(access); await gzFloor(access);
  for (let i = 0; i < 3; i++) {
    const o = await ourColdSnapshot(real.kubeconfigPath, 'real-admin');
    const f = await rawFloor(access);
    const g = await gzFloor(access);
    console.log(`ours ${o.ms.toFixed(0)} (lists ${o.listMs.toFixed(0)})  floor ${f.ms.toFixed(0)}  floor+gzip ${g.ms.toFixed(0)} wire ${(g.wire/1e6).toFixed(1)} MB, ${g.gz} gzipped pages`);
  }
  await real.stop(); await sim.stop();
}
main();
