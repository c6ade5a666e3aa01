import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startSimProcess } from './simProcess';
import { ourColdSnapshot } from './ourSnapshot';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';
import { topSelfTime } from './profileTop';

async function profile<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 200 });
  await s.post('Profiler.start');
  const v = await fn();
  const { profile } = await s.post('Profiler.stop');
  fs.writeFileSync(`/tmp/${name}.cpuprofile`, JSON.stringify(profile));
  console.log(`--- ${name}`);
  for (const t of topSelfTime(profile as never, 15)) console.log(`${(t.share * 100).toFixed(1).padStart(5)}% ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}`);
  s.disconnect();
  return v;
}

async function main() {
  const sim = await startSimProcess({ namespaces: 2000, podsPerNamespace: 20, revisions: 3, tags: 2 });
  await ourColdSnapshot(sim.kubeconfigPath, sim.contextName);
  const r = await profile('cold-L', () => ourColdSnapshot(sim.kubeconfigPath, sim.contextName));
  console.log('cold ms', r.ms.toFixed(0), 'list', r.listMs.toFixed(0), 'build', r.buildMs.toFixed(0));
  await profile('build-L', async () => { for (let i = 0; i < 5; i++) { const t = performance.now(); buildSnapshot('x', r.inventory); console.log('build', (performance.now() - t).toFixed(0)); } });
  await sim.stop();
}
main();
