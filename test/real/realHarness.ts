/**
 * The seed flows on a real kube-apiserver 1.20 (+ kube-controller-manager, test/rig) with the contract suite's
 * revision-aware injector webhook. One rig per test file (`useRealRig()`); each `startRealHarness(scenario)`
 * empties the rig's workloads, webhooks and CRDs, then copies the scenario in from a throw-away simulator
 * (owner scenarios: their CRDs, custom resources, Helm release Secrets and ownerReferences too).
 * No kubelet: a pod-readiness faker marks every new pod Running/Ready through pods/status.
 */
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession, type ClusterSession } from '../../src/kube/clusterSession';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { startSimulator } from '../../src/sim/simulator';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { startRealCluster, type RealCluster } from '../rig/realCluster';
import type { ContractCluster, ContractEnv } from '../contract/contractTarget';
import { startInjectorWebhook, type InjectorWebhook } from '../contract/injectorWebhook';
import { rawApi, type RawApi } from '../contract/rawApi';
import { copyScenario } from '../contract/scenarioCopy';
import type { Harness } from '../shared/harness';
import { copyOwnerObjects } from './ownerFixtures';
import { startPodReadiness, type PodReadiness } from './podReadiness';
import { ensureServiceAccount, resetRig } from './rigReset';

const CONTEXT = 'real-admin';

interface Rig {
  cluster: RealCluster;
  injector: InjectorWebhook;
  raw: RawApi;
  session: ClusterSession;
  readiness: PodReadiness;
}

let current: Promise<Rig> | undefined;

async function startRig(): Promise<Rig> {
  const [c, i] = await Promise.allSettled([startRealCluster({ withControllerManager: true }), startInjectorWebhook()]);
  if (c.status === 'rejected' || i.status === 'rejected') {
    if (c.status === 'fulfilled') await c.value.stop();
    if (i.status === 'fulfilled') await i.value.stop();
    throw c.status === 'rejected' ? c.reason : (i as PromiseRejectedResult).reason;
  }
  const [cluster, injector] = [c.value, i.value];
  const raw = rawApi(cluster.kubeconfigPath, CONTEXT);
  const session = openClusterSession(loadKubeconfigs([cluster.kubeconfigPath]), CONTEXT, {});
  return { cluster, injector, raw, session, readiness: startPodReadiness(raw) };
}

/** Starts the file's rig ahead of its first harness (call in a root `before`). */
export function warmRealRig(): Promise<unknown> {
  current ??= startRig();
  return current;
}

export async function stopRealRig(): Promise<void> {
  const rig = current;
  current = undefined;
  if (!rig) return;
  const r = await rig.catch(() => undefined);
  if (!r) return;
  await r.readiness.stop();
  r.session.dispose();
  await r.injector.stop();
  await r.cluster.stop();
}

/** New namespaces with their `default` ServiceAccount's token ready, so ReplicaSets do not back off on pod creation. */
async function precreateNamespaces(rig: Rig, source: ClusterSession): Promise<void> {
  const existing = new Set(((await rig.session.client.list('namespaces')).items).map((n) => n.metadata.name));
  const fresh = (await source.client.list('namespaces')).items.filter((n) => !existing.has(n.metadata.name));
  await Promise.all(fresh.map(async (n) => {
    const { name, labels, annotations } = n.metadata;
    await rig.session.client.create('namespaces', { metadata: { name, labels, ...(annotations ? { annotations } : {}) } });
    await ensureServiceAccount(rig.raw, name, 'default');
  }));
}

export interface RealHarness extends Harness {
  cluster: RealCluster;
  raw: RawApi;
}

export async function startRealHarness(scenario: string): Promise<RealHarness> {
  const simStarting = startSimulator({ scenario, port: 0 });
  let rig: Rig;
  try {
    rig = await (current ??= startRig());
  } catch (e) {
    await (await simStarting).stop();
    throw e;
  }
  const sim = await simStarting;
  const source = openClusterSession(loadKubeconfigs([sim.kubeconfigPath]), sim.contextName, {});
  try {
    const sourceInventory = await readInventory(source.client);
    const versions = new Map(buildSnapshot(sim.contextName, sourceInventory).revisions.map((r) => [r.name, r.version ?? '']));
    await resetRig(rig.raw, source.client);
    await precreateNamespaces(rig, source);
    const cluster: ContractCluster = {
      kubeconfigPath: rig.cluster.kubeconfigPath,
      context: CONTEXT,
      stop: async () => undefined,
      ensureServiceAccount: (ns, name) => ensureServiceAccount(rig.raw, ns, name),
      injectorClientConfig: (revision, version) => rig.injector.clientConfig(revision, version),
    };
    const env: ContractEnv = { target: 'real', cluster, client: rig.session.client, raw: rig.raw };
    await copyScenario(source.client, env, versions);
    await copyOwnerObjects(rig.raw, sim);
  } finally {
    source.dispose();
    await sim.stop();
  }
  const client = rig.session.client;
  return {
    target: 'real',
    cluster: rig.cluster,
    raw: rig.raw,
    client,
    contextName: CONTEXT,
    kubeconfigPath: rig.cluster.kubeconfigPath,
    snapshot: async () => buildSnapshot(CONTEXT, await readInventory(client)),
    // The rig outlives the harness: the next startRealHarness resets it, stopRealRig ends it.
    stop: async () => undefined,
  };
}
