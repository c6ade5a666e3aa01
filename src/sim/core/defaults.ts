/** Defaulting as the API server applies it on decode (the fields clients commonly read). */
import { defaultCrd } from '../crd/crdObjects';
import { pruneAndDefault } from '../crd/structuralSchema';
import { asArray, asObject, isPlainObject, type JsonObject } from '../util/json';
import type { ResourceType } from './resourceRegistry';
import type { KubeObject } from './types';

function setDefault(obj: JsonObject, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

function imagePullPolicyFor(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const lastPart = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  return !lastPart.includes(':') || lastPart.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: JsonObject): void {
  setDefault(c, 'resources', {});
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', imagePullPolicyFor(c.image));
  for (const p of asArray(c.ports)) if (isPlainObject(p)) setDefault(p, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: JsonObject): void {
  for (const key of ['initContainers', 'containers']) {
    for (const c of asArray(spec[key])) if (isPlainObject(c)) defaultContainer(c);
  }
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  if (spec.serviceAccountName === undefined && typeof spec.serviceAccount === 'string') spec.serviceAccountName = spec.serviceAccount;
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
}

function defaultTemplate(spec: JsonObject): void {
  const template = asObject(spec.template);
  spec.template = template;
  setDefault(template, 'metadata', {});
  template.metadata = { creationTimestamp: null, ...asObject(template.metadata) };
  const podSpec = asObject(template.spec);
  template.spec = podSpec;
  defaultPodSpec(podSpec);
}

function defaultWebhooks(obj: KubeObject, mutating: boolean): void {
  for (const w of asArray(obj.webhooks)) {
    if (!isPlainObject(w)) continue;
    const svc = asObject(asObject(w.clientConfig).service);
    if (isPlainObject(asObject(w.clientConfig).service)) setDefault(svc, 'port', 443);
    for (const r of asArray(w.rules)) if (isPlainObject(r)) setDefault(r, 'scope', '*');
    setDefault(w, 'failurePolicy', 'Fail');
    setDefault(w, 'matchPolicy', 'Equivalent');
    setDefault(w, 'namespaceSelector', {});
    setDefault(w, 'objectSelector', {});
    setDefault(w, 'timeoutSeconds', 10);
    if (mutating) setDefault(w, 'reinvocationPolicy', 'Never');
  }
}

function defaultService(spec: JsonObject): void {
  setDefault(spec, 'type', 'ClusterIP');
  for (const p of asArray(spec.ports)) {
    if (!isPlainObject(p)) continue;
    setDefault(p, 'protocol', 'TCP');
    setDefault(p, 'targetPort', p.port);
  }
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
}

export function applyDefaults(type: ResourceType, obj: KubeObject): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  switch (type.kind) {
    case 'Namespace':
      obj.spec = { finalizers: ['kubernetes'], ...asObject(obj.spec) };
      break;
    case 'Pod':
      if (spec) defaultPodSpec(spec);
      break;
    case 'Deployment':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'strategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      defaultTemplate(spec);
      break;
    case 'ReplicaSet':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec);
      break;
    case 'StatefulSet':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec);
      break;
    case 'DaemonSet':
      if (!spec) break;
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec);
      break;
    case 'Job':
      if (!spec) break;
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'backoffLimit', 6);
      defaultTemplate(spec);
      break;
    case 'Service':
      if (spec) defaultService(spec);
      break;
    case 'MutatingWebhookConfiguration':
      defaultWebhooks(obj, true);
      break;
    case 'ValidatingWebhookConfiguration':
      defaultWebhooks(obj, false);
      break;
    case 'Secret':
      defaultSecret(obj);
      break;
    case 'CustomResourceDefinition':
      defaultCrd(obj);
      break;
    default:
      if (type.custom) pruneAndDefault(obj, type.custom.schema);
      break;
  }
}

/** `type` defaults to Opaque; write-only `stringData` is folded into `data` (base64). */
function defaultSecret(obj: KubeObject): void {
  if (!obj.type) obj.type = 'Opaque';
  if (isPlainObject(obj.stringData)) {
    const data = { ...asObject(obj.data) };
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    obj.data = data;
    delete obj.stringData;
  }
}

const META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** Field order as Go serialises the structs: kind, apiVersion, metadata, spec, …, status. */
export function normalizeOrder(obj: KubeObject): KubeObject {
  const meta: Record<string, unknown> = {};
  for (const k of META_ORDER) if (obj.metadata[k] !== undefined) meta[k] = obj.metadata[k];
  for (const [k, v] of Object.entries(obj.metadata)) if (!(k in meta) && v !== undefined) meta[k] = v;
  const out: KubeObject = { kind: obj.kind, apiVersion: obj.apiVersion, metadata: meta as KubeObject['metadata'] };
  if (obj.spec !== undefined) out.spec = obj.spec;
  for (const [k, v] of Object.entries(obj)) {
    if (!['kind', 'apiVersion', 'metadata', 'spec', 'status'].includes(k) && v !== undefined) out[k] = v;
  }
  if (obj.status !== undefined) out.status = obj.status;
  return out;
}
