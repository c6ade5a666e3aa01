/** Starts the simulator with a scenario and reads it back through the real client-node stack over HTTPS. */
import * as net from 'node:net';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession } from '../../src/kube/clusterSession';
import type { ClusterClient } from '../../src/kube/clusterClient';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import type { MeshSnapshot, NamespaceBinding, Workload } from '../../src/mesh/model';
import type { Harness } from '../shared/harness';

export interface SimHarness extends Harness {
  sim: RunningSimulator;
  client: ClusterClient;
  snapshot(): Promise<MeshSnapshot>;
  stop(): Promise<void>;
}

export async function startSimHarness(scenario: string, podReadyDelayMs = 0): Promise<SimHarness> {
  const sim = await startSimulator({ scenario, port: 0, podReadyDelayMs });
  const loaded = loadKubeconfigs([sim.kubeconfigPath]);
  const session = openClusterSession(loaded, sim.contextName, {});
  return {
    target: 'simulator',
    sim,
    contextName: sim.contextName,
    kubeconfigPath: sim.kubeconfigPath,
    client: session.client,
    snapshot: async () => buildSnapshot(sim.contextName, await readInventory(session.client)),
    stop: async () => {
      session.dispose();
      await sim.stop();
    },
  };
}

export function ns(s: MeshSnapshot, name: string): NamespaceBinding {
  const n = s.namespaces.find((x) => x.name === name);
  if (!n) throw new Error(`namespace ${name} not in snapshot`);
  return n;
}

export function wl(s: MeshSnapshot, namespace: string, name: string): Workload {
  const w = ns(s, namespace).workloads.find((x) => x.name === name);
  if (!w) throw new Error(`workload ${namespace}/${name} not in snapshot`);
  return w;
}

/** "rev/version" of every pod of a workload, sorted: a compact fact to assert. */
export function proxies(s: MeshSnapshot, namespace: string, name: string): string[] {
  return wl(s, namespace, name).pods.map((p) => `${p.revision}/${p.proxyVersion}${p.needsRestart ? ' stale' : ''}`).sort();
}

/** A loopback port that was free a moment ago: nothing listens there, so connecting is refused. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, pollMs));
    v = await read();
  }
  return v;
}
