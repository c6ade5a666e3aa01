/** Plain Kubernetes objects for scenario apps: namespaces, Deployments, StatefulSets, DaemonSets, Jobs, pods. */
import type { KubeObject } from '../core/types';

export const ECHO_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.39';

export interface AppOptions {
  replicas?: number;
  version?: string;
  image?: string;
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  labels?: Record<string, string>;
  paused?: boolean;
  port?: number;
  /** An HTTP readiness probe on the app container (the default scenarios' apps have none). */
  readinessProbe?: boolean;
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function podTemplate(app: string, o: AppOptions): Record<string, unknown> {
  const labels = { app, ...(o.version ? { version: o.version } : {}), ...o.podLabels };
  return {
    metadata: { labels, ...(o.podAnnotations ? { annotations: o.podAnnotations } : {}) },
    spec: {
      containers: [{
        name: app,
        image: o.image ?? ECHO_IMAGE,
        args: ['netexec', `--http-port=${o.port ?? 8080}`],
        ports: [{ containerPort: o.port ?? 8080, name: 'http' }],
        ...(o.readinessProbe ? { readinessProbe: { httpGet: { path: '/', port: o.port ?? 8080 }, periodSeconds: 5 } } : {}),
      }],
    },
  };
}

function selectorFor(app: string, o: AppOptions): Record<string, unknown> {
  return { matchLabels: { app, ...(o.version ? { version: o.version } : {}) } };
}

export function deployment(ns: string, name: string, o: AppOptions = {}): KubeObject {
  const app = o.podLabels?.app ?? name;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app, ...o.labels } },
    spec: {
      replicas: o.replicas ?? 1,
      ...(o.paused ? { paused: true } : {}),
      selector: selectorFor(app, o),
      template: podTemplate(app, o),
    },
  };
}

export function statefulSet(ns: string, name: string, o: AppOptions = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: ns, labels: { app: name, ...o.labels } },
    spec: { replicas: o.replicas ?? 1, serviceName: name, selector: selectorFor(name, o), template: podTemplate(name, { ...o, image: o.image ?? 'docker.io/library/redis:7.2' }) },
  };
}

export function daemonSet(ns: string, name: string, o: AppOptions = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: ns, labels: { app: name, ...o.labels } },
    spec: { selector: selectorFor(name, o), template: podTemplate(name, o) },
  };
}

export function job(ns: string, name: string, o: AppOptions = {}): KubeObject {
  const template = podTemplate(name, o) as { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> };
  template.spec.restartPolicy = 'Never';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { backoffLimit: 2, template },
  };
}

export function bareHttpPod(ns: string, name: string, o: AppOptions = {}): KubeObject {
  const t = podTemplate(o.podLabels?.app ?? name, o) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...t.metadata }, spec: t.spec };
}

export function clusterIPService(ns: string, name: string, selector: Record<string, string>, port = 8080): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: selector.app ?? name } },
    spec: { selector, ports: [{ name: 'http', port, targetPort: port }] },
  };
}

/** A `version: v1` Deployment of `name` and the ClusterIP Service in front of it. */
export function appWithService(ns: string, name: string, replicas = 1): KubeObject[] {
  return [deployment(ns, name, { replicas, version: 'v1' }), clusterIPService(ns, name, { app: name })];
}
