import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startSimProcess } from './simProcess';
import { ourColdSnapshot } from './ourSnapshot';
import { rawFloor } from './rawFloor';
import { readRawAccess } from './kubeconfigAccess';
import { copyCluster } from './bulkCreate';
import { startRealCluster } from '../test/rig/realCluster';
import { topSelfTime } from './profileTop';

async function profile<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 200 });
  await s.post('Profiler.start');
  const t = performance.now();
  const v = await fn();
  const wall = performance.now() - t;
  const { profile } = await s.post('Profiler.stop');
  fs.writeFileSync(`/tmp/${name}.cpuprofile`, JSON.stringify(profile));
  console.log(`--- ${name} wall ${wall.toFixed(0)} ms`);
  for (const t of topSelfTime(profile as never, 14)) console.log(`${(t.share * 100).toFixed(1).padStart(5)}% ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}`);
  s.disconnect();
  return v;
}

async function main() {
  const which = process.argv[2] ?? 'real';
  const sim = await startSimProcess({ namespaces: 500, podsPerNamespace: 20, revisions: 3, tags: 2 });
  let kc = sim.kubeconfigPath, ctx = sim.contextName, stop = async () => {};
  if (which === 'real') {
    const real = await startRealCluster({});
    await copyCluster(readRawAccess(sim.kubeconfigPath, sim.contextName), readRawAccess(real.kubeconfigPath, 'real-admin'));
    kc = real.kubeconfigPath; ctx = 'real-admin'; stop = () => real.stop();
  }
  const access = readRawAccess(kc, ctx);
  await ourColdSnapshot(kc, ctx); await rawFloor(access);
  for (let i = 0; i < 2; i++) {
    await profile(`ours-${which}-${i}`, () => ourColdSnapshot(kc, ctx));
    await profile(`floor-${which}-${i}`, () => rawFloor(access));
  }
  await stop();
  await sim.stop();
}
main();
