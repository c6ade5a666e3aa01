import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimProcess } from './simProcess';
import { ourColdSnapshot } from './ourSnapshot';
import { rawFloor } from './rawFloor';
import { readRawAccess } from './kubeconfigAccess';
import { kubectlOk, KUBECTL_GET_ALL } from './kubectl';

async function main() {
  const n = Number(process.argv[2] ?? 500), p = Number(process.argv[3] ?? 20);
  let t = performance.now();
  const sim = await startSimProcess({ namespaces: n, podsPerNamespace: p, revisions: 3, tags: 2 });
  console.log('sim start', performance.now() - t);
  const access = readRawAccess(sim.kubeconfigPath, sim.contextName);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-'));
  for (let i = 0; i < 3; i++) {
    const o = await ourColdSnapshot(sim.kubeconfigPath, sim.contextName);
    console.log('ours', o.ms.toFixed(0), o.listMs.toFixed(0), o.buildMs.toFixed(0), JSON.stringify(o.stats));
    const f = await rawFloor(access);
    console.log('floor', JSON.stringify(f));
  }
  for (let i = 0; i < 2; i++) {
    const k = await kubectlOk(KUBECTL_GET_ALL, sim.kubeconfigPath, cacheDir);
    console.log('kubectl', k.ms.toFixed(0), k.stdoutBytes);
  }
  await sim.stop();
}
main();
