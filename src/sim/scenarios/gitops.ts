/**
 * Namespaces kept by GitOps (istio-model.md M15): Argo CD Applications (tracking-id annotation, last-applied
 * configuration, self-heal on for `payments` and `storefront`, off for `reports`) and a Flux Kustomization
 * `flux-system/apps` (owner labels, a kustomize-controller Apply entry in managedFields); some have
 * `istio-injection: enabled` in Git. `sandbox` is unmanaged, as a control. Two revisions (1-24-3 default/prod,
 * 1-25-1 canary) give something to migrate to. The simulator plays self-heal (see gitopsSelfHeal.ts).
 */
import type { GitManifest, GitOwner } from '../controllers/gitRepository';
import type { KubeObject } from '../core/types';
import { applicationCrd, kustomizationCrd } from './gitopsCrds';
import { controlPlane, istioNamespaceObject, revisionTag, type ControlPlane } from './istioObjects';
import type { Scenario } from './scenarioContext';
import { appWithService, namespace } from './workloadObjects';

const OLD: ControlPlane = { revision: '1-24-3', version: '1.24.3', installer: 'istioctl' };
const NEW: ControlPlane = { revision: '1-25-1', version: '1.25.1', installer: 'istioctl' };
const REPO = 'https://git.example.com/platform/mesh-apps.git';
/** When the Git state was applied; fixed so the scenario reads the same every run. */
const APPLIED_AT = '2026-01-15T09:30:00Z';

interface ManagedNamespace {
  name: string;
  owner: GitOwner;
  gitLabels: Record<string, string>;
  apps: string[];
}

const ARGO = (app: string): GitOwner => ({ kind: 'argocd', app, appNamespace: 'argocd' });
const FLUX: GitOwner = { kind: 'flux', name: 'apps', namespace: 'flux-system' };

const MANAGED: ManagedNamespace[] = [
  { name: 'payments', owner: ARGO('payments'), gitLabels: { 'istio-injection': 'enabled', team: 'payments' }, apps: ['payments-api'] },
  { name: 'checkout', owner: ARGO('storefront'), gitLabels: { 'istio.io/rev': 'prod', team: 'storefront' }, apps: ['checkout'] },
  { name: 'reports', owner: ARGO('reports'), gitLabels: { 'istio-injection': 'enabled' }, apps: ['reporter'] },
  { name: 'catalog', owner: FLUX, gitLabels: { 'istio-injection': 'enabled' }, apps: ['catalog'] },
  { name: 'inventory', owner: FLUX, gitLabels: { 'istio.io/rev': 'prod', team: 'inventory' }, apps: ['inventory'] },
];

/** Labels and annotations the owner itself writes (tracking, owner labels) — also "in Git" for self-heal. */
function ownerMarks(ns: ManagedNamespace): { labels: Record<string, string>; annotations: Record<string, string> } {
  if (ns.owner.kind === 'flux') {
    return { labels: { 'kustomize.toolkit.fluxcd.io/name': ns.owner.name, 'kustomize.toolkit.fluxcd.io/namespace': ns.owner.namespace }, annotations: {} };
  }
  return { labels: {}, annotations: { 'argocd.argoproj.io/tracking-id': `${ns.owner.app}:/Namespace:/${ns.name}` } };
}

function fieldsOf(keys: string[]): Record<string, unknown> {
  return { '.': {}, ...Object.fromEntries(keys.map((k) => [`f:${k}`, {}])) };
}

/** The namespace as its owner applied it: Argo CD's client-side apply (last-applied) or Flux's server-side apply. */
function managedNamespace(ns: ManagedNamespace): { object: KubeObject; manifest: GitManifest } {
  const marks = ownerMarks(ns);
  const labels = { ...ns.gitLabels, ...marks.labels };
  const manifest: GitManifest = { resource: 'namespaces', name: ns.name, labels, annotations: marks.annotations, owner: ns.owner };
  const object = namespace(ns.name, labels);
  if (ns.owner.kind === 'argocd') {
    const applied = { apiVersion: 'v1', kind: 'Namespace', metadata: { annotations: marks.annotations, labels: ns.gitLabels, name: ns.name } };
    object.metadata.annotations = { ...marks.annotations, 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(applied)}\n` };
    object.metadata.managedFields = [{
      manager: 'argocd-controller', operation: 'Update', apiVersion: 'v1', time: APPLIED_AT, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:annotations': fieldsOf([...Object.keys(marks.annotations), 'kubectl.kubernetes.io/last-applied-configuration']), 'f:labels': fieldsOf(Object.keys(ns.gitLabels)) } },
    }];
  } else {
    object.metadata.managedFields = [{
      manager: 'kustomize-controller', operation: 'Apply', apiVersion: 'v1', time: APPLIED_AT, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': fieldsOf(Object.keys(labels)) } },
    }];
  }
  return { object, manifest };
}

function application(name: string, destination: string, selfHeal: boolean): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: REPO, path: `apps/${name}`, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: destination },
      syncPolicy: { automated: { prune: true, selfHeal } },
    },
    status: { sync: { status: 'Synced', revision: '4f2a9c1' }, health: { status: 'Healthy' } },
  };
}

function kustomization(): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' },
    spec: { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  };
}

export const gitops: Scenario = {
  name: 'gitops',
  seed: '008',
  description: 'Namespaces kept by Argo CD (self-heal on/off) and Flux, with istio-injection in Git; an unmanaged control namespace; revisions 1-24-3 (default, prod) and 1-25-1 (canary)',
  load(ctx) {
    ctx.apply(istioNamespaceObject());
    ctx.apply(controlPlane(OLD), controlPlane(NEW));
    ctx.apply(revisionTag('default', OLD), revisionTag('prod', OLD), revisionTag('canary', NEW));
    ctx.apply(applicationCrd(), kustomizationCrd());
    ctx.apply(namespace('argocd'), namespace('flux-system'));
    ctx.apply(application('payments', 'payments', true), application('storefront', 'checkout', true), application('reports', 'reports', false));
    ctx.apply(kustomization());
    for (const ns of MANAGED) {
      const { object, manifest } = managedNamespace(ns);
      ctx.git?.set(manifest);
      ctx.apply(object);
      for (const a of ns.apps) ctx.apply(appWithService(ns.name, a));
    }
    ctx.apply(namespace('sandbox', { 'istio-injection': 'enabled' }));
    ctx.apply(appWithService('sandbox', 'playground'));
  },
};
