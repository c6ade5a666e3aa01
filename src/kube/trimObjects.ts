/**
 * API objects → the kubeObjects.ts shapes, dropping everything the mesh model never reads (managedFields,
 * last-applied-configuration, volumes, env, probes, most of status; for Pods also uid, resourceVersion and
 * creationTimestamp), with repeated strings shared (stringInterner.ts). At 40k pods this is most of the memory.
 */
import type { ResourceKind, ResourceTypes } from './clusterClient';
import { Interner } from './interner';
import type {
  Container, KConfigMap, KNamespace, LabelSelector, KPod, KService, KWebhookConfiguration, KWorkload, ObjectMeta, OwnerReference,
  PodSpec, PodTemplateSpec, StringMap, Webhook, WorkloadStatus,
} from '../mesh/kubeObjects';

type Raw = Record<string, unknown>;

const shared = new Interner();

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? shared.string(v) : undefined;
}

/** A key part for `shared.shape`: distinguishes absent, non-string and string values. */
function part(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : v === undefined ? 'u' : `j${JSON.stringify(v)}`;
}

function rec(v: unknown): Raw | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
}

function arr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function pick<T extends object>(source: Raw | undefined, keys: readonly string[]): T | undefined {
  if (!source) return undefined;
  const out: Raw = {};
  let any = false;
  for (const k of keys) {
    if (source[k] !== undefined) {
      out[k] = source[k];
      any = true;
    }
  }
  return any ? (out as T) : undefined;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Labels/annotations: string values only (what the API allows), shared with every equal map. */
function stringMap(v: unknown, drop?: string): StringMap | undefined {
  const m = rec(v);
  return m ? shared.stringMap(m, drop) : undefined;
}

const OWNER_KEYS = ['apiVersion', 'kind', 'name', 'uid', 'controller'] as const;

function trimOwners(owners: unknown[]): OwnerReference[] {
  const records = owners.map((o) => rec(o) ?? {});
  const key = records.map((o) => OWNER_KEYS.map((k) => part(o[k])).join('\u0000')).join('\u0001');
  return shared.shape(`o${key}`, () => records.map((o) => {
    const owner: Raw = {};
    for (const k of OWNER_KEYS) if (o[k] !== undefined) owner[k] = str(o[k]) ?? o[k];
    return Object.freeze(owner) as unknown as OwnerReference;
  }));
}

/** `identity: false` (Pods) drops uid, resourceVersion and creationTimestamp, which nothing reads for a Pod. */
export function trimMeta(v: unknown, identity = true): ObjectMeta {
  const m = rec(v) ?? {};
  const meta: ObjectMeta = { name: String(m.name ?? '') };
  if (m.namespace !== undefined) meta.namespace = str(m.namespace) ?? (m.namespace as string);
  if (identity) {
    if (m.uid !== undefined) meta.uid = m.uid as string;
    if (m.resourceVersion !== undefined) meta.resourceVersion = m.resourceVersion as string;
    if (m.creationTimestamp !== undefined) meta.creationTimestamp = str(m.creationTimestamp) ?? (m.creationTimestamp as string);
  }
  if (m.generation !== undefined) meta.generation = m.generation as number;
  if (m.deletionTimestamp !== undefined) meta.deletionTimestamp = m.deletionTimestamp as string;
  const labels = stringMap(m.labels);
  if (labels) meta.labels = labels;
  const annotations = stringMap(m.annotations, LAST_APPLIED);
  if (annotations && Object.keys(annotations).length > 0) meta.annotations = annotations;
  const owners = arr(m.ownerReferences);
  if (owners) meta.ownerReferences = trimOwners(owners);
  return meta;
}

function trimContainer(c: Raw): Container {
  const out: Container = { name: str(c.name) ?? '' };
  if (c.image !== undefined) out.image = str(c.image) ?? (c.image as string);
  if (c.restartPolicy !== undefined) out.restartPolicy = str(c.restartPolicy) ?? (c.restartPolicy as string);
  return Object.freeze(out);
}

/** Containers (name, image, restartPolicy), shared with every equal list: all Pods of a ReplicaSet have one. */
function trimContainers(v: unknown): Container[] | undefined {
  const list = arr(v)?.map((c) => rec(c) ?? {});
  if (!list) return undefined;
  const key = list.map((c) => `${part(c.name)}\u0000${part(c.image)}\u0000${part(c.restartPolicy)}`).join('\u0001');
  return shared.shape(`c${key}`, () => list.map(trimContainer));
}

function trimPodSpec(v: unknown): PodSpec | undefined {
  const s = rec(v);
  if (!s) return undefined;
  const spec: PodSpec = { containers: trimContainers(s.containers) ?? [] };
  const init = trimContainers(s.initContainers);
  if (init) spec.initContainers = init;
  if (s.hostNetwork !== undefined) spec.hostNetwork = s.hostNetwork as boolean;
  return spec;
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
  return { metadata: trimMeta(o.metadata), ...(phase !== undefined ? { status: { phase: phase as string } } : {}) };
}

export function trimPod(o: Raw): KPod {
  const pod: KPod = { metadata: trimMeta(o.metadata, false) };
  const spec = trimPodSpec(o.spec);
  if (spec) pod.spec = spec;
  const st = rec(o.status);
  if (st) {
    pod.status = {};
    if (st.phase !== undefined) pod.status.phase = str(st.phase) ?? (st.phase as string);
    const conditions = arr(st.conditions);
    // Only Ready: the other conditions (one object each, ×4 per pod) are never read.
    const ready = conditions?.map(rec).find((c) => c?.type === 'Ready');
    if (ready) pod.status.conditions = [{ type: 'Ready', status: str(ready.status) ?? '' }];
  }
  return pod;
}

const WORKLOAD_STATUS = [
  'observedGeneration', 'replicas', 'readyReplicas', 'updatedReplicas', 'availableReplicas',
  'desiredNumberScheduled', 'numberReady', 'updatedNumberScheduled',
] as const;

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
};

export function trimObject<K extends ResourceKind>(kind: K, object: unknown): ResourceTypes[K] {
  return TRIMMERS[kind](rec(object) ?? {});
}
