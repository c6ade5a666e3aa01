/** Ingress gateways: IOP-style (istioctl) and Helm `istio/gateway`-style Deployments, plus their Service (istio-model.md M9). */
import type { KubeObject } from '../core/types';
import { hubOf, istioNamespace, revLabel, type ControlPlane } from './controlPlaneSpec';

const GATEWAY_PORTS = [
  { containerPort: 15021, protocol: 'TCP' },
  { containerPort: 8080, protocol: 'TCP' },
  { containerPort: 8443, protocol: 'TCP' },
  { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
];

function gatewayDeployment(name: string, ns: string, labels: Record<string, string>, podLabels: Record<string, string>,
  podAnnotations: Record<string, string>, image: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: podLabels.app, istio: podLabels.istio, ...(podLabels.version ? { version: podLabels.version } : {}) } },
      template: {
        metadata: { labels: podLabels, annotations: podAnnotations },
        spec: {
          serviceAccountName: name,
          containers: [{ name: 'istio-proxy', image, args: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local'], ports: GATEWAY_PORTS }],
        },
      },
    },
  };
}

/**
 * IOP gateway in the control-plane namespace. `injected: false` is the pre-1.8 manifest with the proxy
 * image baked in (it follows its revision only through re-install); `true` uses the gateway template.
 */
export function iopIngressGateway(cp: ControlPlane, injected: boolean, replicas = 1): KubeObject {
  const labels = {
    app: 'istio-ingressgateway',
    istio: 'ingressgateway',
    'operator.istio.io/component': 'IngressGateways',
    'istio.io/rev': revLabel(cp),
    'install.operator.istio.io/owning-resource': 'installed-state',
    release: 'istio',
  };
  const podLabels: Record<string, string> = {
    ...labels,
    chart: 'gateways',
    heritage: 'Tiller',
    'service.istio.io/canonical-name': 'istio-ingressgateway',
    'service.istio.io/canonical-revision': cp.version.split('.').slice(0, 2).join('.'),
    'sidecar.istio.io/inject': injected ? 'true' : 'false',
  };
  const annotations: Record<string, string> = injected ? { 'inject.istio.io/templates': 'gateway' } : {};
  const image = injected ? 'auto' : `${hubOf(cp)}/proxyv2:${cp.version}`;
  return gatewayDeployment('istio-ingressgateway', istioNamespace(cp), labels, podLabels, annotations, image, replicas);
}

/** Helm `istio/gateway` chart: inject=true label, optional `istio.io/rev`, gateway template, image auto. */
export function helmGateway(name: string, ns: string, opts: { revision?: string; version?: string; replicas?: number; extraPodLabels?: Record<string, string> } = {}): KubeObject {
  const podLabels: Record<string, string> = {
    'sidecar.istio.io/inject': 'true',
    app: 'istio-ingressgateway',
    istio: 'ingressgateway',
    ...(opts.revision ? { 'istio.io/rev': opts.revision } : {}),
    ...(opts.version ? { version: opts.version } : {}),
    ...opts.extraPodLabels,
  };
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/managed-by': 'Helm',
    app: 'istio-ingressgateway',
    istio: 'ingressgateway',
    ...(opts.revision ? { 'istio.io/rev': opts.revision } : {}),
  };
  return gatewayDeployment(name, ns, labels, podLabels, { 'inject.istio.io/templates': 'gateway', 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true' }, 'auto', opts.replicas ?? 1);
}

export function gatewayService(name: string, ns: string, selector: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } },
    spec: {
      type: 'LoadBalancer',
      selector,
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021 },
        { name: 'http2', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    },
  };
}
