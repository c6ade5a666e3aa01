/**
 * Istio control-plane objects as the charts render them for a given version and install style
 * (istio-model.md M2–M4, M9). Scenarios compose these; webhooks and gateways live in sibling files.
 */
import type { KubeObject } from '../core/types';
import {
  controlPlaneLabels, hubOf, injectorConfigMapName, istioNamespace, istiodName, minorOf, revLabel, type ControlPlane,
} from './controlPlaneSpec';
import { defaultValidator, injectorWebhook, istiodService, tagService, tagWebhook, validatorWebhook } from './istioWebhooks';

export * from './controlPlaneSpec';
export * from './istioWebhooks';
export * from './istioGateways';

export function istioNamespaceObject(name = 'istio-system', labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function istiodDeployment(cp: ControlPlane): KubeObject {
  const rev = revLabel(cp);
  const selector = cp.revision ? { app: 'istiod', 'istio.io/rev': rev } : { istio: 'pilot' };
  const podLabels: Record<string, string> = {
    app: 'istiod',
    'istio.io/rev': rev,
    istio: cp.revision ? 'istiod' : 'pilot',
    'sidecar.istio.io/inject': 'false',
  };
  if (minorOf(cp) >= 22) podLabels['istio.io/dataplane-mode'] = 'none';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: istiodName(cp),
      namespace: istioNamespace(cp),
      labels: controlPlaneLabels(cp, { app: 'istiod', istio: 'pilot', 'app.kubernetes.io/name': 'istiod' }),
    },
    spec: {
      replicas: cp.replicas ?? 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: podLabels, annotations: { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: istiodName(cp),
          containers: [{
            name: 'discovery',
            image: `${hubOf(cp)}/pilot:${cp.version}`,
            args: ['discovery', '--monitoringAddr=:15014', '--log_output_level=default:info', '--domain', 'cluster.local', '--keepaliveMaxServerConnectionAge', '30m'],
            ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 15010, protocol: 'TCP' }, { containerPort: 15017, protocol: 'TCP' }],
            env: [{ name: 'REVISION', value: rev }, { name: 'PILOT_CERT_PROVIDER', value: 'istiod' }],
            resources: { requests: { cpu: '500m', memory: '2048Mi' } },
          }],
        },
      },
    },
  };
}

export function injectorConfigMap(cp: ControlPlane): KubeObject {
  const values = {
    global: { hub: hubOf(cp), tag: cp.version, proxy: { image: 'proxyv2' }, proxy_init: { image: 'proxyv2' }, istioNamespace: istioNamespace(cp) },
    revision: cp.revision,
    sidecarInjectorWebhook: { enableNamespacesByDefault: false },
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: injectorConfigMapName(cp), namespace: istioNamespace(cp), labels: controlPlaneLabels(cp, { app: 'sidecar-injector', istio: 'sidecar-injector' }) },
    data: {
      config: 'policy: enabled\nalwaysInjectSelector: []\nneverInjectSelector: []\ninjectedAnnotations: {}\ntemplate: "{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}"\n',
      values: JSON.stringify(values, null, 2),
    },
  };
}

export function meshConfigMap(cp: ControlPlane): KubeObject {
  const name = cp.revision ? `istio-${cp.nameSuffix ?? cp.revision}` : 'istio';
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: istioNamespace(cp), labels: controlPlaneLabels(cp, { app: 'istiod', istio: 'pilot' }) },
    data: {
      mesh: `defaultConfig:\n  discoveryAddress: ${istiodName(cp)}.${istioNamespace(cp)}.svc:15012\nrootNamespace: ${istioNamespace(cp)}\ntrustDomain: cluster.local\n`,
      meshNetworks: 'networks: {}',
    },
  };
}

/** Everything one revision installs: Deployment, Service, ConfigMaps, injector and validator webhooks. */
export function controlPlane(cp: ControlPlane): KubeObject[] {
  return [
    istiodService(cp),
    injectorConfigMap(cp),
    meshConfigMap(cp),
    istiodDeployment(cp),
    injectorWebhook(cp),
    validatorWebhook(cp),
  ];
}

/** A revision tag as `istioctl tag set` renders it; `withService` adds the 1.27+ tag Service. */
export function revisionTag(tag: string, cp: ControlPlane, withService = false): KubeObject[] {
  const objs = [tagWebhook(tag, cp)];
  if (withService) objs.push(tagService(tag, cp));
  if (tag === 'default') objs.push(defaultValidator(cp));
  return objs;
}
