/** Gateway Deployments in the two shapes of istio-model.md M9 (IOP and Helm istio/gateway), their pods and Service. */
import type { ClusterInventory, KPod, KService, KWorkload, StringMap } from '../../../src/mesh/kubeObjects';
import { deploymentPods, injected118, installRevision, inventory, merge, namespace, proxyImage } from './fixtures';

export function gatewayDeployment(name: string, ns: string, opts: {
  labels?: StringMap; podLabels?: StringMap; annotations?: StringMap; image?: string; replicas?: number; ready?: number;
}): KWorkload {
  const replicas = opts.replicas ?? 1;
  return {
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { ...opts.labels } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'istio-ingressgateway' } },
      template: {
        metadata: { labels: { app: 'istio-ingressgateway', ...opts.podLabels }, annotations: { ...opts.annotations } },
        spec: { containers: [{ name: 'istio-proxy', image: opts.image ?? 'auto' }] },
      },
    },
    status: { replicas, readyReplicas: opts.ready ?? replicas },
  };
}

/** Helm istio/gateway: inject=true, gateway template, image auto, optional istio.io/rev and version labels. */
export function helmGw(name: string, rev?: string, extra: { replicas?: number; ready?: number; annotations?: StringMap } = {}): KWorkload {
  return gatewayDeployment(name, 'istio-gateways', {
    podLabels: { 'sidecar.istio.io/inject': 'true', istio: 'ingressgateway', ...(rev ? { 'istio.io/rev': rev, version: rev } : {}) },
    annotations: extra.annotations ?? { 'inject.istio.io/templates': 'gateway' },
    replicas: extra.replicas, ready: extra.ready,
  });
}

export function gwPods(name: string, rev: string, version: string, n: number, ns = 'istio-gateways'): KPod[] {
  const opts = merge(injected118(rev, version), { containers: [{ name: 'istio-proxy', image: proxyImage(version) }] });
  return deploymentPods(name, ns, Array.from({ length: n }, () => opts), `h${rev.replace(/-/g, '')}`);
}

export function lbService(name: string, ns: string, selector: StringMap): KService {
  return { metadata: { name, namespace: ns, resourceVersion: '42' }, spec: { type: 'LoadBalancer', selector } };
}

/** Seed 004 in miniature: 1-9-7 (blue) and 1-10-4 (green) gateways, Service on 1-9-7. */
export function blueGreen(opts: { greenReplicas?: number; greenReady?: number; greenPods?: number } = {}): ClusterInventory {
  const inv = installRevision(installRevision(inventory(), '1-9-7', '1.9.7'), '1-10-4', '1.10.4');
  inv.namespaces.push(namespace('istio-system'), namespace('istio-gateways'));
  inv.deployments.push(helmGw('gw-1-9-7', '1-9-7', { replicas: 2 }), helmGw('gw-1-10-4', '1-10-4', { replicas: opts.greenReplicas ?? 2, ready: opts.greenReady }));
  inv.pods.push(...gwPods('gw-1-9-7', '1-9-7', '1.9.7', 2), ...gwPods('gw-1-10-4', '1-10-4', '1.10.4', opts.greenPods ?? 2));
  inv.services.push(lbService('ingress', 'istio-gateways', { istio: 'ingressgateway', version: '1-9-7' }));
  return inv;
}
