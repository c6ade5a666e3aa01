/**
 * API objects → the kubeObjects.ts shapes, dropping everything the mesh model never reads (managedFields,
 * last-applied-configuration, volumes, env, probes, most of status; for Pods also uid, resourceVersion and
 * creationTimestamp), with repeated strings shared (stringInterner.ts). At 40k pods this is most of the memory.
 */
import type { ResourceKind, ResourceTypes } from './clusterClient';
import type { KLease, LeaseSpec } from '../mesh/leaseObject';
import type {
  Container, DeploymentStrategy, KConfigMap, KNamespace, LabelSelector, KPod, KService, KWebhookConfiguration, KWorkload,
  PodSpec, PodStatus, PodTemplateSpec, StringMap, UpdateStrategy, Webhook, WorkloadStatus,
} from '../mesh/kubeObjects';
import { arr, part, pick, rec, shared, str, stringMap, trimMeta, type Raw } from './trimMeta';
import {
  injectionLabelEntries, trimHelmReleaseSecret, trimSailIstio, trimSailRevision, trimSailRevisionTag,
} from './trimOwnerObjects';
import { trimHorizontalPodAutoscaler, trimJob, trimPodDisruptionBudget } from './trimPolicyObjects';

export { trimMeta } from './trimMeta';

/** Shared by every spec without containers (a malformed object), so such specs can be shared too. */
const NO_CONTAINERS: Container[] = Object.freeze([]) as unknown as Container[];

/** The blast radius only asks whether a container has a readiness probe: one shared empty object says so. */
const PROBE_MARK: Record<string, unknown> = Object.freeze({});

function trimContainer(c: Raw): Container {
  const out: Container = { name: str(c.name) ?? '' };
  if (c.image !== undefined) out.image = str(c.image) ?? (c.image as string);
  if (c.restartPolicy !== undefined) out.restartPolicy = str(c.restartPolicy) ?? (c.restartPolicy as string);
  if (rec(c.readinessProbe)) out.readinessProbe = PROBE_MARK;
  return Object.freeze(out);
}

/** Containers (name, image, restartPolicy, has a readiness probe), shared with every equal list: all Pods of a ReplicaSet have one. */
function trimContainers(v: unknown): Container[] | undefined {
  const list = arr(v)?.map((c) => rec(c) ?? {});
  if (!list) return undefined;
  const key = list.map((c) => `${part(c.name)}\u0000${part(c.image)}\u0000${part(c.restartPolicy)}\u0000${rec(c.readinessProbe) ? 'p' : ''}`).join('\u0001');
  return shared.shape(`c${key}`, () => list.map(trimContainer));
}

function trimPodSpec(v: unknown): PodSpec | undefined {
  const s = rec(v);
  if (!s) return undefined;
  const spec: PodSpec = { containers: trimContainers(s.containers) ?? NO_CONTAINERS };
  const init = trimContainers(s.initContainers);
  if (init) spec.initContainers = init;
  if (s.hostNetwork !== undefined) spec.hostNetwork = s.hostNetwork as boolean;
  return spec;
}

/**
 * A Pod's spec as the model reads it, shared with every equal one (all Pods of a ReplicaSet): built from the
 * shared container lists, so their identities key it.
 */
function sharedPodSpec(v: unknown): PodSpec | undefined {
  const spec = trimPodSpec(v);
  if (!spec) return undefined;
  return shared.shape(`p${shared.id(spec.containers)}\u0000${spec.initContainers ? shared.id(spec.initContainers) : ''}\u0000${part(spec.hostNetwork)}`, () => spec);
}

/** Phase and the Ready condition (the other conditions, ×4 per pod, are never read), shared: a few values repeat. */
function sharedPodStatus(v: unknown): PodStatus | undefined {
  const st = rec(v);
  if (!st) return undefined;
  const phase = st.phase === undefined ? undefined : str(st.phase) ?? (st.phase as string);
  const ready = arr(st.conditions)?.map(rec).find((c) => c?.type === 'Ready');
  const readyStatus = ready ? str(ready.status) ?? '' : undefined;
  return shared.shape(`t${part(phase)}\u0000${part(readyStatus)}`, () => {
    const status: PodStatus = {};
    if (phase !== undefined) status.phase = phase;
    if (readyStatus !== undefined) status.conditions = Object.freeze([Object.freeze({ type: 'Ready', status: readyStatus })]) as PodStatus['conditions'];
    return status;
  });
}

function trimTemplate(v: unknown): PodTemplateSpec | undefined {
  const t = rec(v);
  if (!t) return undefined;
  const m = rec(t.metadata);
  const template: PodTemplateSpec = {};
  if (m) {
    template.metadata = {};
    const labels = stringMap(m.labels);
    if (labels) template.metadata.labels = labels;
    const annotations = stringMap(m.annotations);
    if (annotations) template.metadata.annotations = annotations;
  }
  const spec = trimPodSpec(t.spec);
  if (spec) template.spec = spec;
  return template;
}

export function trimNamespace(o: Raw): KNamespace {
  const phase = rec(o.status)?.phase;
  const metadata = trimMeta(o.metadata);
  const managedFields = injectionLabelEntries(rec(o.metadata)?.managedFields);
  if (managedFields) metadata.managedFields = managedFields;
  return { metadata, ...(phase !== undefined ? { status: { phase: phase as string } } : {}) };
}

export function trimPod(o: Raw): KPod {
  // Built from `{}` (room for four properties in the object itself): a literal with fewer properties than are
  // later added keeps the rest in a separate array, ~40 bytes more per Pod.
  const pod = {} as KPod;
  pod.metadata = trimMeta(o.metadata, false);
  const spec = sharedPodSpec(o.spec);
  if (spec) pod.spec = spec;
  const status = sharedPodStatus(o.status);
  if (status) pod.status = status;
  return pod;
}

const WORKLOAD_STATUS = [
  'observedGeneration', 'replicas', 'readyReplicas', 'updatedReplicas', 'availableReplicas',
  'desiredNumberScheduled', 'numberReady', 'updatedNumberScheduled',
] as const;

const ROLLING_UPDATE = ['maxUnavailable', 'maxSurge', 'partition'] as const;

/** `strategy` / `updateStrategy`: type and the rolling-update numbers (what the blast radius judges), shared. */
function trimStrategy(v: unknown): (DeploymentStrategy & UpdateStrategy) | undefined {
  const s = rec(v);
  if (!s) return undefined;
  const rolling = pick<NonNullable<DeploymentStrategy['rollingUpdate'] & UpdateStrategy['rollingUpdate']>>(rec(s.rollingUpdate), ROLLING_UPDATE);
  return shared.shape(`s${part(s.type)}\u0000${JSON.stringify(rolling ?? null)}`, () => Object.freeze({
    ...(s.type !== undefined ? { type: str(s.type) ?? (s.type as string) } : {}),
    ...(rolling ? { rollingUpdate: Object.freeze(rolling) } : {}),
  }));
}

export function trimWorkload(o: Raw, kind: string): KWorkload {
  const w: KWorkload = { kind: (o.kind as string | undefined) ?? kind, metadata: trimMeta(o.metadata) };
  const s = rec(o.spec);
  if (s) {
    w.spec = {};
    if (s.replicas !== undefined) w.spec.replicas = s.replicas as number;
    if (s.paused !== undefined) w.spec.paused = s.paused as boolean;
    if (s.selector !== undefined) w.spec.selector = s.selector as LabelSelector;
    const template = trimTemplate(s.template);
    if (template) w.spec.template = template;
    const strategy = trimStrategy(s.strategy);
    if (strategy) w.spec.strategy = strategy;
    const update = trimStrategy(s.updateStrategy);
    if (update) w.spec.updateStrategy = update;
  }
  const status = pick<WorkloadStatus>(rec(o.status), WORKLOAD_STATUS);
  if (status) w.status = status;
  return w;
}

/** Webhook entries as the API requires them (a mapping with a name and a clientConfig); anything else is dropped. */
export function trimWebhookConfiguration(o: Raw): KWebhookConfiguration {
  const webhooks = arr(o.webhooks)?.flatMap((h) => {
    const w = rec(h);
    return w && typeof w.name === 'string' ? [{ ...w, clientConfig: rec(w.clientConfig) ?? {} } as unknown as Webhook] : [];
  });
  return { metadata: trimMeta(o.metadata), ...(webhooks ? { webhooks } : {}) };
}

export function trimService(o: Raw): KService {
  const s = rec(o.spec);
  const spec = s ? {
    ...(s.selector !== undefined ? { selector: s.selector as StringMap } : {}),
    ...(s.type !== undefined ? { type: s.type as string } : {}),
    ...(arr(s.ports) ? { ports: (arr(s.ports) ?? []).map((p) => pick<{ name?: string; port: number; targetPort?: number | string }>(rec(p), ['name', 'port', 'targetPort']) ?? { port: 0 }) } : {}),
  } : undefined;
  return { metadata: trimMeta(o.metadata), ...(spec ? { spec } : {}) };
}

export function trimConfigMap(o: Raw): KConfigMap {
  const data = rec(o.data) as StringMap | undefined;
  return { metadata: trimMeta(o.metadata), ...(data ? { data } : {}) };
}

const LEASE_SPEC = ['holderIdentity', 'leaseDurationSeconds', 'acquireTime', 'renewTime', 'leaseTransitions'] as const;

/** The lock fields only (holder, times, duration); the holder annotation survives in metadata. */
export function trimLease(o: Raw): KLease {
  const spec = pick<LeaseSpec>(rec(o.spec), LEASE_SPEC);
  return { metadata: trimMeta(o.metadata), ...(spec ? { spec } : {}) };
}

const TRIMMERS: { [K in ResourceKind]: (o: Raw) => ResourceTypes[K] } = {
  namespaces: trimNamespace,
  pods: trimPod,
  deployments: (o) => trimWorkload(o, 'Deployment'),
  statefulsets: (o) => trimWorkload(o, 'StatefulSet'),
  daemonsets: (o) => trimWorkload(o, 'DaemonSet'),
  replicasets: (o) => trimWorkload(o, 'ReplicaSet'),
  mutatingwebhookconfigurations: trimWebhookConfiguration,
  validatingwebhookconfigurations: trimWebhookConfiguration,
  services: trimService,
  configmaps: trimConfigMap,
  secrets: trimHelmReleaseSecret,
  istios: trimSailIstio,
  istiorevisions: trimSailRevision,
  istiorevisiontags: trimSailRevisionTag,
  leases: trimLease,
  poddisruptionbudgets: trimPodDisruptionBudget,
  horizontalpodautoscalers: trimHorizontalPodAutoscaler,
  jobs: trimJob,
};

export function trimObject<K extends ResourceKind>(kind: K, object: unknown): ResourceTypes[K] {
  return TRIMMERS[kind](rec(object) ?? {});
}
