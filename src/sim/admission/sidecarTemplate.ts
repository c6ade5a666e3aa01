/** What the Istio injector writes into a pod, in the layout of the injecting version (istio-model.md M6). */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../core/types';
import { asArray, asObject } from '../util/json';
import { atLeast } from './istioVersion';
import type { InjectionTarget } from './injectionTarget';

export const STATUS_ANNOTATION = 'sidecar.istio.io/status';
const INJECTED_VOLUMES = ['istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert'];

const PROXY_RESOURCES = { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } };
const INIT_RESOURCES = { requests: { cpu: '10m', memory: '40Mi' } };

function volumes(): Record<string, unknown>[] {
  return [
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    { name: 'istio-podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
  ];
}

function volumeMounts(): Record<string, unknown>[] {
  return [
    { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
    { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
    { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
  ];
}

function proxyContainer(image: string, gateway: boolean): Record<string, unknown> {
  return {
    name: 'istio-proxy',
    image,
    args: ['proxy', gateway ? 'router' : 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local'],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    resources: PROXY_RESOURCES,
    volumeMounts: volumeMounts(),
    securityContext: { runAsUser: 1337, runAsGroup: 1337 },
  };
}

function initContainer(image: string): Record<string, unknown> {
  return {
    name: 'istio-init',
    image,
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-b', '*', '-d', '15090,15021,15020'],
    resources: INIT_RESOURCES,
    securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, runAsUser: 0 },
  };
}

/** The workload name Istio falls back to for `service.istio.io/canonical-name`. */
function workloadName(pod: KubeObject): string {
  const meta = pod.metadata;
  const owner = meta.ownerReferences?.find((r) => r.controller);
  if (owner?.kind === 'ReplicaSet') {
    const hash = meta.labels?.['pod-template-hash'];
    return hash && owner.name.endsWith(`-${hash}`) ? owner.name.slice(0, -hash.length - 1) : owner.name;
  }
  if (owner) return owner.name;
  return meta.name || (meta.generateName ?? '').replace(/-$/, '');
}

export function injectSidecar(pod: KubeObject, target: InjectionTarget): void {
  const meta = pod.metadata;
  const labels = { ...meta.labels };
  const annotations = { ...meta.annotations };
  const spec = asObject(pod.spec);
  const image = annotations['sidecar.istio.io/proxyImage'] ?? target.proxyImage;
  const gateway = (annotations['inject.istio.io/templates'] ?? '').split(',').includes('gateway');
  const containers = asArray(spec.containers).map((c) => asObject(c));
  if (gateway) {
    const existing = containers.find((c) => c.name === 'istio-proxy');
    if (existing) {
      Object.assign(existing, { ...proxyContainer(image, true), ...existing, image: existing.image === 'auto' || !existing.image ? image : existing.image });
    } else {
      containers.push(proxyContainer(image, true));
    }
  } else {
    containers.push(proxyContainer(image, false));
    spec.initContainers = [...asArray(spec.initContainers), initContainer(image)];
  }
  spec.containers = containers;
  const existingVolumes = asArray(spec.volumes).map((v) => asObject(v).name);
  spec.volumes = [...asArray(spec.volumes), ...volumes().filter((v) => !existingVolumes.includes(v.name))];

  labels['security.istio.io/tlsMode'] = 'istio';
  labels['service.istio.io/canonical-name'] ??= labels['app.kubernetes.io/name'] ?? labels.app ?? workloadName(pod);
  labels['service.istio.io/canonical-revision'] ??= labels['app.kubernetes.io/version'] ?? labels.version ?? 'latest';

  const status: Record<string, unknown> = {
    initContainers: gateway ? null : ['istio-init'],
    containers: ['istio-proxy'],
    volumes: INJECTED_VOLUMES,
    imagePullSecrets: null,
  };
  if (atLeast(target.version, 1, 11)) {
    status.revision = target.revision;
  } else {
    status.version = createHash('sha256').update(`${target.version.text}/${target.revision}/${gateway ? 'gateway' : 'sidecar'}`).digest('hex');
    labels['istio.io/rev'] = target.revision;
  }
  annotations[STATUS_ANNOTATION] = JSON.stringify(status);
  if (atLeast(target.version, 1, 18)) annotations['istio.io/rev'] = target.revision;
  meta.labels = labels;
  meta.annotations = annotations;
}
