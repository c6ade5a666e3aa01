/**
 * Copies a simulator scenario into a target through the API: namespaces, ConfigMaps, Services, webhook
 * configurations, Deployments, StatefulSets, DaemonSets and pods without an owner (ReplicaSets and owned pods
 * are left to the target's controllers and injector; Jobs and their pods are not copied).
 * Injector webhooks are rewritten to the target's injector URL; objects that already exist are kept.
 */
import type { ClusterClient, ResourceKind, ResourceTypes } from '../../src/kube/clusterClient';
import { isClusterError } from '../../src/kube/clusterError';
import type { KWebhookConfiguration, KWorkload } from '../../src/mesh/kubeObjects';
import type { WorkloadRef } from '../../src/mesh/migrationPlan';
import { settleRollout, type ContractEnv } from './contractTarget';

const CONTROLLER_ANNOTATIONS = ['deployment.kubernetes.io/revision'];

/** What the source server owns: status, identity, versions, ownership, allocated addresses. */
function portable<T extends { metadata: object }>(obj: T): T {
  const copy = structuredClone(obj) as T & { status?: unknown; spec?: Record<string, unknown> };
  delete copy.status;
  const m = copy.metadata as Record<string, unknown> & { annotations?: Record<string, string> };
  for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'ownerReferences', 'selfLink']) delete m[key];
  for (const key of CONTROLLER_ANNOTATIONS) delete m.annotations?.[key];
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
  const spec = copy.spec;
  if (spec && 'clusterIP' in spec) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    for (const p of (spec.ports as Record<string, unknown>[] | undefined) ?? []) delete p.nodePort;
  }
  return copy;
}

async function createIfMissing<K extends ResourceKind>(client: ClusterClient, kind: K, obj: ResourceTypes[K]): Promise<boolean> {
  try {
    await client.create(kind, obj);
    return true;
  } catch (e) {
    if (isClusterError(e) && e.kind === 'conflict') return false;
    throw e;
  }
}

export interface CopiedScenario {
  namespaces: string[];
  deployments: WorkloadRef[];
}

/** `versions`: revision → Istio version, for the target's injector. */
export async function copyScenario(source: ClusterClient, env: ContractEnv, versions: ReadonlyMap<string, string>): Promise<CopiedScenario> {
  const { client, cluster } = env;
  const [namespaces, configMaps, services, mutating, validating, deployments, statefulSets, daemonSets, pods] = await Promise.all([
    source.list('namespaces'), source.list('configmaps'), source.list('services'),
    source.list('mutatingwebhookconfigurations'), source.list('validatingwebhookconfigurations'), source.list('deployments'),
    source.list('statefulsets'), source.list('daemonsets'), source.list('pods'),
  ]);
  const copied: CopiedScenario = { namespaces: namespaces.items.map((n) => n.metadata.name), deployments: [] };
  for (const ns of namespaces.items) await createIfMissing(client, 'namespaces', portable(ns));
  for (const cm of configMaps.items) await createIfMissing(client, 'configmaps', portable(cm));
  for (const svc of services.items) await createIfMissing(client, 'services', portable(svc));
  for (const vwc of validating.items) await createIfMissing(client, 'validatingwebhookconfigurations', portable(vwc));
  for (const mwc of mutating.items) await createIfMissing(client, 'mutatingwebhookconfigurations', pointAtInjector(portable(mwc), env, versions));

  // istiod first: on the simulator an injector webhook needs its revision's istiod to answer.
  const ordered = [...deployments.items].sort((a, b) => Number(isIstiod(b)) - Number(isIstiod(a)));
  const paused: WorkloadRef[] = [];
  for (const d of ordered) {
    const ns = d.metadata.namespace ?? 'default';
    const sa = (d.spec?.template?.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName;
    if (sa && sa !== 'default') await cluster.ensureServiceAccount?.(ns, sa);
    const copy = portable(d);
    // A Deployment created paused gets no ReplicaSet: create it running, pause it once it has rolled out.
    if (copy.spec?.paused) delete copy.spec.paused;
    if (await createIfMissing(client, 'deployments', copy)) {
      copied.deployments.push({ kind: 'Deployment', namespace: ns, name: d.metadata.name });
      if (d.spec?.paused) paused.push({ kind: 'Deployment', namespace: ns, name: d.metadata.name });
    }
  }
  const others: WorkloadRef[] = [];
  for (const [kind, list] of [['StatefulSet', statefulSets], ['DaemonSet', daemonSets]] as const) {
    for (const w of list.items) {
      const ns = w.metadata.namespace ?? 'default';
      if (await createIfMissing(client, kind === 'StatefulSet' ? 'statefulsets' : 'daemonsets', portable(w))) others.push({ kind, namespace: ns, name: w.metadata.name });
    }
  }
  for (const pod of pods.items) {
    if (pod.metadata.ownerReferences?.length) continue;
    const copy = portable(pod);
    if (copy.spec) delete (copy.spec as { nodeName?: string }).nodeName;
    await createIfMissing(client, 'pods', copy);
  }
  for (const ref of [...copied.deployments, ...others]) await settleRollout(env, ref);
  for (const ref of paused) await client.patch('deployments', ref.name, ref.namespace, 'merge', { spec: { paused: true } });
  return copied;
}

function isIstiod(d: KWorkload): boolean {
  return d.metadata.labels?.app === 'istiod';
}

function pointAtInjector(mwc: KWebhookConfiguration, env: ContractEnv, versions: ReadonlyMap<string, string>): KWebhookConfiguration {
  const revision = mwc.metadata.labels?.['istio.io/rev'];
  const version = revision ? versions.get(revision) : undefined;
  if (!revision || !version || !env.cluster.injectorClientConfig) return mwc;
  const clientConfig = env.cluster.injectorClientConfig(revision, version);
  for (const w of mwc.webhooks ?? []) w.clientConfig = { ...clientConfig };
  return mwc;
}
