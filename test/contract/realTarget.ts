/**
 * The real target: etcd + kube-apiserver 1.20 + kube-controller-manager (test/rig), plus the contract's
 * sidecar-injector webhook. There is no kubelet: makePodsReady patches pods/status as a kubelet would.
 */
import { rigBinariesPresent, startRealCluster } from '../rig/realCluster';
import type { ContractCluster, ContractTarget } from './contractTarget';
import { eventually } from './contractTarget';
import { startInjectorWebhook } from './injectorWebhook';
import { rawApi, rawOk, type RawApi } from './rawApi';

interface PodList {
  items: { metadata: { name: string; deletionTimestamp?: string }; status?: { conditions?: { type: string; status: string }[] } }[];
}

const isReady = (p: PodList['items'][number]) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

async function makePodsReady(api: RawApi, ns: string): Promise<void> {
  const list = (await rawOk(api, 'GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`)) as PodList;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  for (const pod of list.items) {
    if (pod.metadata.deletionTimestamp || isReady(pod)) continue;
    const status = {
      phase: 'Running',
      startTime: now,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    };
    const r = await api.request('PATCH', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod.metadata.name)}/status`,
      { status }, 'application/merge-patch+json');
    // The pod may have been deleted by its ReplicaSet meanwhile.
    if (r.status !== 200 && r.status !== 404) throw new Error(`pods/status of ${ns}/${pod.metadata.name} → ${r.status}: ${JSON.stringify(r.body)}`);
  }
}

async function ensureServiceAccount(api: RawApi, ns: string, name: string): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/serviceaccounts`;
  const r = await api.request('POST', path, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`create ServiceAccount ${ns}/${name} → ${r.status}: ${JSON.stringify(r.body)}`);
  // 1.20's ServiceAccount admission rejects pods until the token controller has added the token secret.
  await eventually(`token of ServiceAccount ${ns}/${name}`, () => rawOk(api, 'GET', `${path}/${encodeURIComponent(name)}`) as Promise<{ secrets?: unknown[] }>,
    (sa) => (sa.secrets?.length ?? 0) > 0, 15_000, 100);
}

export const realTarget: ContractTarget = {
  name: 'kube-apiserver 1.20 (real)',
  async start(): Promise<ContractCluster> {
    const rig = await startRealCluster({ withControllerManager: true });
    let webhook;
    try {
      webhook = await startInjectorWebhook();
    } catch (e) {
      await rig.stop();
      throw e;
    }
    const injector = webhook;
    const api = rawApi(rig.kubeconfigPath, 'real-admin');
    return {
      kubeconfigPath: rig.kubeconfigPath,
      context: 'real-admin',
      limitedContext: 'real-limited',
      async stop() {
        await injector.stop();
        await rig.stop();
      },
      makePodsReady: (ns) => makePodsReady(api, ns),
      async expireWatchHistory() {
        await rig.compactEtcd();
        await rig.restartApiServer();
      },
      ensureServiceAccount: (ns, name) => ensureServiceAccount(api, ns, name),
      injectorClientConfig: (revision, version) => injector.clientConfig(revision, version),
    };
  },
};

export { rigBinariesPresent };
