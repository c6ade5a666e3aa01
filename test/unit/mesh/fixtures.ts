/**
 * Fixture builders in the exact shapes of istio-model.md M2–M6 (istiod Deployment/Service/ConfigMap,
 * injector and tag MutatingWebhookConfigurations, default validator, injected pods of each Istio era).
 */
import type {
  ClusterInventory, Container, KConfigMap, KNamespace, KPod, KService, KWebhookConfiguration, KWorkload,
  LabelSelector, StringMap, Webhook,
} from '../../../src/mesh/kubeObjects';
import { emptyInventory } from '../../../src/mesh/kubeObjects';
import type { MeshSnapshot, NamespaceBinding, Proxy, Revision, Workload } from '../../../src/mesh/model';

export const ISTIO_NS = 'istio-system';

export function namespace(name: string, labels?: StringMap): KNamespace {
  return { metadata: { name, ...(labels ? { labels } : {}) }, status: { phase: 'Active' } };
}

/** `istiod` for the revisionless install (rev ""), else `istiod-<rev>`. */
export function istiodName(rev: string): string {
  return rev === '' ? 'istiod' : `istiod-${rev}`;
}

function revLabel(rev: string): string {
  return rev === '' ? 'default' : rev;
}

function webhook(name: string, service: string, ns: string, namespaceSelector: LabelSelector, objectSelector?: LabelSelector, url?: string): Webhook {
  return {
    name,
    clientConfig: url ? { url, caBundle: 'Q0E=' } : { service: { name: service, namespace: ns, path: '/inject', port: 443 }, caBundle: 'Q0E=' },
    namespaceSelector,
    ...(objectSelector ? { objectSelector } : {}),
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    failurePolicy: 'Fail',
    sideEffects: 'None',
    admissionReviewVersions: ['v1beta1', 'v1'],
    reinvocationPolicy: 'Never',
  };
}

const notFalse = { key: 'sidecar.istio.io/inject', operator: 'NotIn' as const, values: ['false'] };

/** `rev.namespace.*` / `rev.object.*` entries selecting `istio.io/rev In [<value>]` (istio-model.md M3). */
function revEntries(value: string, service: string, ns: string, url?: string): Webhook[] {
  return [
    webhook('rev.namespace.sidecar-injector.istio.io', service, ns, {
      matchExpressions: [
        { key: 'istio.io/rev', operator: 'In', values: [value] },
        { key: 'istio-injection', operator: 'DoesNotExist' },
      ],
    }, { matchExpressions: [notFalse] }, url),
    webhook('rev.object.sidecar-injector.istio.io', service, ns, {
      matchExpressions: [
        { key: 'istio.io/rev', operator: 'DoesNotExist' },
        { key: 'istio-injection', operator: 'DoesNotExist' },
      ],
    }, { matchExpressions: [notFalse, { key: 'istio.io/rev', operator: 'In', values: [value] }] }, url),
  ];
}

/** The revisionless-only `namespace.*` and `object.*` entries (istio-model.md M3). */
function defaultEntries(service: string, ns: string, url?: string): Webhook[] {
  return [
    webhook('namespace.sidecar-injector.istio.io', service, ns, {
      matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }],
    }, { matchExpressions: [notFalse] }, url),
    webhook('object.sidecar-injector.istio.io', service, ns, {
      matchExpressions: [
        { key: 'istio-injection', operator: 'DoesNotExist' },
        { key: 'istio.io/rev', operator: 'DoesNotExist' },
      ],
    }, {
      matchExpressions: [
        { key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] },
        { key: 'istio.io/rev', operator: 'DoesNotExist' },
      ],
    }, url),
  ];
}

export interface InjectorOptions {
  istioNamespace?: string;
  /** External control plane: clientConfig.url instead of a service. */
  url?: string;
  extraLabels?: StringMap;
}

/** Modern injector MWC `istio-sidecar-injector[-<rev>][-<ns>]`; rev "" = revisionless install. */
export function injectorMwc(rev: string, opts: InjectorOptions = {}): KWebhookConfiguration {
  const ns = opts.istioNamespace ?? ISTIO_NS;
  const name = `istio-sidecar-injector${rev ? `-${rev}` : ''}${ns !== ISTIO_NS ? `-${ns}` : ''}`;
  const service = istiodName(rev);
  const webhooks = [...revEntries(revLabel(rev), service, ns, opts.url), ...(rev === '' ? defaultEntries(service, ns, opts.url) : [])];
  return {
    metadata: {
      name,
      labels: {
        'istio.io/rev': revLabel(rev), app: 'sidecar-injector', 'operator.istio.io/component': 'Pilot',
        'install.operator.istio.io/owning-resource': 'unknown', 'app.kubernetes.io/name': 'istiod', ...opts.extraLabels,
      },
    },
    webhooks,
  };
}

/**
 * Istio 1.6-style injector: one entry `sidecar-injector.istio.io`. Revisionless: matchLabels
 * istio-injection=enabled (label `istio.io/rev` optional: old installs lack it). Revisioned: ns
 * `istio-injection DoesNotExist, istio.io/rev In [<rev>]`.
 */
export function legacyInjectorMwc(rev: string, opts: { withRevLabel?: boolean } = {}): KWebhookConfiguration {
  const service = rev === '' ? 'istiod' : `istiod-${rev}`;
  const namespaceSelector: LabelSelector = rev === ''
    ? { matchLabels: { 'istio-injection': 'enabled' } }
    : { matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }, { key: 'istio.io/rev', operator: 'In', values: [rev] }] };
  const labels: StringMap = { app: 'sidecar-injector', release: 'istio' };
  if (opts.withRevLabel ?? rev !== '') labels['istio.io/rev'] = revLabel(rev);
  return {
    metadata: { name: `istio-sidecar-injector${rev ? `-${rev}` : ''}`, labels },
    webhooks: [webhook('sidecar-injector.istio.io', service, ISTIO_NS, namespaceSelector)],
  };
}

/** Tag MWC `istio-revision-tag-<tag>[-<ns>]` (istio-model.md M4.1, M4.4); the `default` tag also takes over istio-injection=enabled. */
export function tagMwc(tag: string, rev: string, opts: { istioNamespace?: string; url?: string } = {}): KWebhookConfiguration {
  const ns = opts.istioNamespace ?? ISTIO_NS;
  const service = rev === 'default' ? 'istiod' : `istiod-${rev}`;
  return {
    metadata: {
      name: `istio-revision-tag-${tag}${ns !== ISTIO_NS ? `-${ns}` : ''}`,
      labels: { 'istio.io/tag': tag, 'istio.io/rev': rev, app: 'sidecar-injector', 'operator.istio.io/component': 'Pilot' },
    },
    webhooks: [...revEntries(tag, service, ns, opts.url), ...(tag === 'default' ? defaultEntries(service, ns, opts.url) : [])],
  };
}

/** 1.27+ tag Service `istiod-revision-tag-<tag>`. */
export function tagService(tag: string, rev: string, ns = ISTIO_NS): KService {
  return {
    metadata: {
      name: `istiod-revision-tag-${tag}`, namespace: ns,
      labels: { 'istio.io/tag': tag, 'istio.io/rev': rev, app: 'istiod', istio: 'pilot' },
    },
    spec: { selector: { app: 'istiod', 'istio.io/rev': rev }, ports: [{ name: 'grpc-xds', port: 15010 }] },
  };
}

export interface IstiodOptions {
  namespace?: string;
  replicas?: number;
  ready?: number;
  /** Overrides the discovery image (default docker.io/istio/pilot:<version>). */
  image?: string;
  labels?: StringMap;
  /** Omit the istio.io/rev label (very old revisionless installs). */
  noRevLabel?: boolean;
}

/** istiod Deployment (istio-model.md M2); rev "" = revisionless. */
export function istiodDeployment(rev: string, version: string, opts: IstiodOptions = {}): KWorkload {
  const labels: StringMap = { app: 'istiod', istio: 'pilot', 'operator.istio.io/component': 'Pilot', ...opts.labels };
  if (!opts.noRevLabel) labels['istio.io/rev'] = revLabel(rev);
  return {
    kind: 'Deployment',
    metadata: { name: istiodName(rev), namespace: opts.namespace ?? ISTIO_NS, labels },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: rev ? { app: 'istiod', 'istio.io/rev': rev } : { istio: 'pilot' } },
      template: {
        metadata: { labels: { app: 'istiod', 'istio.io/rev': revLabel(rev), 'sidecar.istio.io/inject': 'false' } },
        spec: { containers: [{ name: 'discovery', image: opts.image ?? `docker.io/istio/pilot:${version}` }] },
      },
    },
    status: { replicas: opts.replicas ?? 1, readyReplicas: opts.ready ?? opts.replicas ?? 1 },
  };
}

export function istiodService(rev: string, ns = ISTIO_NS, name = istiodName(rev)): KService {
  return {
    metadata: { name, namespace: ns, labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': revLabel(rev) } },
    spec: { selector: { app: 'istiod', 'istio.io/rev': revLabel(rev) }, ports: [{ name: 'https-webhook', port: 443, targetPort: 15017 }] },
  };
}

export function injectorConfigMap(rev: string, values: string | object, ns = ISTIO_NS): KConfigMap {
  return {
    metadata: { name: `istio-sidecar-injector${rev ? `-${rev}` : ''}`, namespace: ns, labels: { 'istio.io/rev': revLabel(rev) } },
    data: { config: 'policy: enabled', values: typeof values === 'string' ? values : JSON.stringify(values) },
  };
}

export function injectorValues(hub: string, tag: string, image = 'proxyv2'): object {
  return { global: { hub, tag, proxy: { image } }, revision: '' };
}

export function defaultValidator(rev: string): KWebhookConfiguration {
  return {
    metadata: { name: 'istiod-default-validator', labels: { 'istio.io/rev': rev, app: 'istiod' } },
    webhooks: [webhook('validation.istio.io', rev === 'default' ? 'istiod' : `istiod-${rev}`, ISTIO_NS, {})],
  };
}

export interface RevisionInstall {
  istioNamespace?: string;
  legacy?: boolean;
  withConfigMap?: boolean;
}

/** Adds a whole revision (Deployment, Service, injector MWC, injector ConfigMap) to an inventory. */
export function installRevision(inv: ClusterInventory, rev: string, version: string, opts: RevisionInstall = {}): ClusterInventory {
  const ns = opts.istioNamespace ?? ISTIO_NS;
  inv.deployments.push(istiodDeployment(rev, version, { namespace: ns }));
  inv.services.push(istiodService(rev, ns));
  inv.mutatingWebhooks.push(opts.legacy ? legacyInjectorMwc(rev, { withRevLabel: true }) : injectorMwc(rev, { istioNamespace: ns }));
  if (opts.withConfigMap ?? true) inv.configMaps.push(injectorConfigMap(rev, injectorValues('docker.io/istio', version), ns));
  return inv;
}

export function inventory(parts: Partial<ClusterInventory> = {}): ClusterInventory {
  return { ...emptyInventory(), ...parts };
}

// ---------------------------------------------------------------- pods

export interface PodOptions {
  owner?: { kind: string; name: string };
  labels?: StringMap;
  annotations?: StringMap;
  containers?: Container[];
  initContainers?: Container[];
  phase?: string;
  hostNetwork?: boolean;
}

export function pod(name: string, ns: string, opts: PodOptions = {}): KPod {
  return {
    metadata: {
      name, namespace: ns,
      labels: { ...opts.labels },
      annotations: { ...opts.annotations },
      ...(opts.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: opts.owner.kind, name: opts.owner.name, uid: `uid-${opts.owner.name}`, controller: true }] } : {}),
    },
    spec: {
      containers: opts.containers ?? [{ name: 'app', image: 'nginx:1.27' }],
      ...(opts.initContainers ? { initContainers: opts.initContainers } : {}),
      ...(opts.hostNetwork ? { hostNetwork: true } : {}),
    },
    status: { phase: opts.phase ?? 'Running' },
  };
}

export function proxyImage(version: string, hub = 'docker.io/istio'): string {
  return `${hub}/proxyv2:${version}`;
}

const APP: Container = { name: 'app', image: 'nginx:1.27' };

function sidecarContainers(version: string): Pick<PodOptions, 'containers' | 'initContainers'> {
  return { initContainers: [{ name: 'istio-init', image: proxyImage(version) }], containers: [APP, { name: 'istio-proxy', image: proxyImage(version) }] };
}

/** ≤1.10 injector: pod label istio.io/rev and a status annotation with "version" (template hash) and no "revision". */
export function injected110(rev: string, version: string): PodOptions {
  return {
    ...sidecarContainers(version),
    labels: { 'istio.io/rev': rev, 'security.istio.io/tlsMode': 'istio' },
    annotations: {
      'sidecar.istio.io/status': JSON.stringify({ version: 'b3e0f8f4c2', initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: ['istio-envoy'], imagePullSecrets: null }),
    },
  };
}

/** 1.11–1.17 injector: status annotation carries "revision", no pod label. */
export function injected111(rev: string, version: string): PodOptions {
  return {
    ...sidecarContainers(version),
    labels: { 'security.istio.io/tlsMode': 'istio' },
    annotations: {
      'sidecar.istio.io/status': JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: ['istio-envoy'], imagePullSecrets: null, revision: rev }),
    },
  };
}

/** 1.18+ injector: annotation istio.io/rev plus the status annotation. */
export function injected118(rev: string, version: string): PodOptions {
  const base = injected111(rev, version);
  return { ...base, annotations: { ...base.annotations, 'istio.io/rev': rev } };
}

/** Native sidecar layout (1.27+ auto): istio-proxy is an init container with restartPolicy Always. */
export function injectedNative(rev: string, version: string): PodOptions {
  return {
    containers: [APP],
    initContainers: [{ name: 'istio-init', image: proxyImage(version) }, { name: 'istio-proxy', image: proxyImage(version), restartPolicy: 'Always' }],
    labels: { 'security.istio.io/tlsMode': 'istio' },
    annotations: {
      'istio.io/rev': rev,
      'sidecar.istio.io/status': JSON.stringify({ initContainers: ['istio-init', 'istio-proxy'], containers: null, volumes: ['istio-envoy'], imagePullSecrets: null, revision: rev }),
    },
  };
}

/** `sidecar.istio.io/proxyImage` pins the proxy image. */
export function injectedPinned(rev: string, image: string): PodOptions {
  const base = injected118(rev, '0.0.0');
  return {
    ...base,
    containers: [APP, { name: 'istio-proxy', image }],
    annotations: { ...base.annotations, 'sidecar.istio.io/proxyImage': image },
  };
}

export function merge(...parts: PodOptions[]): PodOptions {
  const out: PodOptions = {};
  for (const p of parts) {
    Object.assign(out, { ...p, labels: { ...out.labels, ...p.labels }, annotations: { ...out.annotations, ...p.annotations } });
  }
  return out;
}

// ---------------------------------------------------------------- workloads

export interface WorkloadOptions {
  templateLabels?: StringMap;
  templateAnnotations?: StringMap;
  replicas?: number;
  paused?: boolean;
  hash?: string;
}

export function deployment(name: string, ns: string, opts: WorkloadOptions = {}): KWorkload {
  return workloadObject('Deployment', name, ns, opts);
}

export function workloadObject(kind: string, name: string, ns: string, opts: WorkloadOptions = {}): KWorkload {
  return {
    kind,
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      replicas: opts.replicas ?? 1,
      ...(opts.paused ? { paused: true } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...opts.templateLabels }, annotations: { ...opts.templateAnnotations } }, spec: { containers: [APP] } },
    },
    status: { replicas: opts.replicas ?? 1, readyReplicas: opts.replicas ?? 1 },
  };
}

/** Pods of a Deployment: owned by ReplicaSet `<name>-<hash>`, label pod-template-hash. */
export function deploymentPods(name: string, ns: string, podOpts: PodOptions[], hash = '5d9c8f7b6'): KPod[] {
  return podOpts.map((o, i) => pod(`${name}-${hash}-${String.fromCharCode(97 + i)}x${i}`, ns, merge(
    { labels: { app: name, 'pod-template-hash': hash } },
    o,
    { owner: { kind: 'ReplicaSet', name: `${name}-${hash}` } },
  )));
}

// ---------------------------------------------------------------- snapshot lookups for assertions

export function nsOf(s: MeshSnapshot, name: string): NamespaceBinding {
  const found = s.namespaces.find((n) => n.name === name);
  if (!found) throw new Error(`namespace ${name} not in snapshot`);
  return found;
}

export function revOf(s: MeshSnapshot, name: string): Revision {
  const found = s.revisions.find((r) => r.name === name);
  if (!found) throw new Error(`revision ${name} not in snapshot (have ${s.revisions.map((r) => r.name).join(', ')})`);
  return found;
}

export function workloadOf(s: MeshSnapshot, ns: string, name: string): Workload {
  const found = nsOf(s, ns).workloads.find((w) => w.name === name);
  if (!found) throw new Error(`workload ${ns}/${name} not in snapshot`);
  return found;
}

export function podsOf(s: MeshSnapshot, ns: string): Proxy[] {
  return nsOf(s, ns).workloads.flatMap((w) => w.pods);
}

export function proxyOf(s: MeshSnapshot, ns: string, podName: string): Proxy {
  const found = podsOf(s, ns).find((p) => p.pod === podName);
  if (!found) throw new Error(`pod ${ns}/${podName} not in snapshot`);
  return found;
}

/** The entry the charts render with sidecarInjectorWebhook.enableNamespacesByDefault (istio-model.md M5.6; revision-tags-mwc.yaml "Special case 3"). */
export const CHART_AUTO_SELECTORS: { namespaceSelector: LabelSelector; objectSelector: LabelSelector } = {
  namespaceSelector: {
    matchExpressions: [
      { key: 'istio-injection', operator: 'DoesNotExist' },
      { key: 'istio.io/rev', operator: 'DoesNotExist' },
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'] },
    ],
  },
  objectSelector: {
    matchExpressions: [
      { key: 'sidecar.istio.io/inject', operator: 'DoesNotExist' },
      { key: 'istio.io/rev', operator: 'DoesNotExist' },
    ],
  },
};

/** `mwc` with the `auto.sidecar-injector.istio.io` entry added (its first entry's clientConfig, the chart's selectors). */
export function withAutoEntry(mwc: KWebhookConfiguration): KWebhookConfiguration {
  const first = (mwc.webhooks ?? [])[0];
  return { ...mwc, webhooks: [...(mwc.webhooks ?? []), { ...structuredClone(first), name: 'auto.sidecar-injector.istio.io', ...structuredClone(CHART_AUTO_SELECTORS) }] };
}
