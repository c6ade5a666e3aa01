/**
 * Who owns one object, in the detection order of istio-model.md M15 — first match wins: Sail (owner reference or
 * `managed-by: sail-operator`) > Flux HelmRelease > Flux Kustomization > Argo CD > Helm (annotations AND a release
 * whose manifest renders the object) > istioctl install > nobody. Chart labels alone prove nothing, and Helm
 * annotations copied by `istioctl tag set` onto an object no release renders are not Helm.
 */
import type { HelmRelease, ManagedBy } from '../model';
import { LABEL_REV, LABEL_TAG } from '../labels';
import { annotationsOf, arr, isRecord, labelsOf, nameOf, namespaceOf, rec, str } from '../untrusted';
import { findRelease, isPendingStatus, rendersObject } from './helmReleases';

export interface OwnerContext {
  /** Latest live revision of each Helm release read (helmReleases.ts). */
  releases: readonly HelmRelease[];
}

export interface OwnerVerdict {
  managedBy?: ManagedBy;
  /** Why, or why not (e.g. "Helm annotations, but release X does not render it"), for tooltips and findings. */
  evidence: string[];
}

export const HELM_RELEASE_NAME = 'meta.helm.sh/release-name';
export const HELM_RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
const SAIL_MANAGED_BY = 'managed-by';
const SAIL_OWNER_KINDS = new Set(['IstioRevision', 'IstioRevisionTag', 'Istio', 'IstioCNI', 'ZTunnel']);
const FLUX_HR = ['helm.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/namespace'] as const;
const FLUX_KS = ['kustomize.toolkit.fluxcd.io/name', 'kustomize.toolkit.fluxcd.io/namespace'] as const;
export const ARGO_TRACKING_ID = 'argocd.argoproj.io/tracking-id';
const ARGO_INSTANCE = 'argocd.argoproj.io/instance';
const APP_INSTANCE = 'app.kubernetes.io/instance';
const ISTIOCTL_MANAGED = 'operator.istio.io/managed';
const IOP_NAME = 'install.operator.istio.io/owning-resource';
const IOP_NAMESPACE = 'install.operator.istio.io/owning-resource-namespace';

function sail(obj: unknown, labels: Record<string, string>): ManagedBy | undefined {
  const refs = arr(rec(obj, 'metadata').ownerReferences).filter(isRecord)
    .filter((r) => SAIL_OWNER_KINDS.has(str(r.kind) ?? '') && /^(sailoperator\.io|operator\.istio\.io)\//.test(str(r.apiVersion) ?? '') && str(r.name));
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  if (ref) {
    const kind = str(ref.kind) ?? '';
    return { kind: 'sail', name: str(ref.name) ?? '', resource: kind, evidence: [`owner reference ${kind} ${str(ref.name)} (${str(ref.apiVersion)})`] };
  }
  if (labels[SAIL_MANAGED_BY] !== 'sail-operator') return undefined;
  const tag = labels[LABEL_TAG];
  const evidence = [`label ${SAIL_MANAGED_BY}=sail-operator (no owner reference)`];
  return tag
    ? { kind: 'sail', name: tag, resource: 'IstioRevisionTag', evidence }
    : { kind: 'sail', name: labels[LABEL_REV] || 'unknown', resource: 'IstioRevision', evidence };
}

function flux(labels: Record<string, string>, keys: readonly [string, string], resource: string): ManagedBy | undefined {
  const [name, namespace] = [labels[keys[0]], labels[keys[1]]];
  if (!name || !namespace) return undefined;
  return { kind: 'flux', name, namespace, resource, evidence: [`labels ${keys[0]}=${name}, ${keys[1]}=${namespace}`] };
}

/** `<app>:<group>/<kind>:<namespace>/<name>`, `<app>` = `<app-ns>_<app-name>` outside Argo CD's namespace. */
export function parseTrackingId(id: string): { app: string; appNamespace?: string; kind: string; namespace: string; name: string } | undefined {
  const m = /^([^:]+):([^/:]*)\/([^:]+):([^/]*)\/(.+)$/.exec(id);
  if (!m) return undefined;
  const [, app, , kind, namespace, name] = m;
  const sep = app.indexOf('_');
  return sep > 0 ? { app: app.slice(sep + 1), appNamespace: app.slice(0, sep), kind, namespace, name } : { app, kind, namespace, name };
}

function argo(obj: unknown, kind: string, labels: Record<string, string>, annotations: Record<string, string>, evidence: string[]): ManagedBy | undefined {
  const id = annotations[ARGO_TRACKING_ID];
  if (id) {
    const t = parseTrackingId(id);
    // Argo CD itself ignores a tracking id that names another object (e.g. one copied with the YAML).
    if (t && t.kind === kind && t.name === nameOf(obj) && t.namespace === namespaceOf(obj)) {
      return { kind: 'argocd', name: t.app, ...(t.appNamespace ? { namespace: t.appNamespace } : {}), resource: 'Application', evidence: [`annotation ${ARGO_TRACKING_ID}=${id}`] };
    }
    evidence.push(`annotation ${ARGO_TRACKING_ID}=${id} names another object: not Argo CD's`);
  }
  if (labels[ARGO_INSTANCE]) {
    return { kind: 'argocd', name: labels[ARGO_INSTANCE], resource: 'Application', evidence: [`label ${ARGO_INSTANCE}=${labels[ARGO_INSTANCE]}`] };
  }
  // The default label method reuses app.kubernetes.io/instance, which Istio's charts set too: only with
  // another Argo CD mark and no chart label.
  const instance = labels[APP_INSTANCE];
  const otherMark = Object.keys({ ...labels, ...annotations }).some((k) => k.startsWith('argocd.argoproj.io/'));
  if (instance && otherMark && labels['helm.sh/chart'] === undefined) {
    return { kind: 'argocd', name: instance, resource: 'Application', evidence: [`label ${APP_INSTANCE}=${instance} with argocd.argoproj.io marks`] };
  }
  return undefined;
}

function helm(obj: unknown, kind: string, annotations: Record<string, string>, ctx: OwnerContext, evidence: string[]): ManagedBy | undefined {
  const name = annotations[HELM_RELEASE_NAME];
  const namespace = annotations[HELM_RELEASE_NAMESPACE];
  if (!name || !namespace) return undefined;
  const release = findRelease(ctx.releases, name, namespace);
  if (!release) {
    evidence.push(`annotations name Helm release ${namespace}/${name}, but no deployed or pending release of that name was read there`);
    return undefined;
  }
  if (!release.objects) {
    evidence.push(`Helm release ${namespace}/${name}'s manifest could not be read${release.problem ? ` (${release.problem})` : ''}`);
    return undefined;
  }
  const ns = namespaceOf(obj);
  if (!rendersObject(release, { kind, name: nameOf(obj), ...(ns ? { namespace: ns } : {}) })) {
    evidence.push(`annotations name Helm release ${namespace}/${name}, but its manifest does not render this ${kind} (copied annotations, e.g. istioctl tag set)`);
    return undefined;
  }
  const owner: ManagedBy = {
    kind: 'helm', name, namespace, resource: 'release',
    evidence: [`annotations ${HELM_RELEASE_NAME}=${name}, ${HELM_RELEASE_NAMESPACE}=${namespace}`, `rendered by revision ${release.version} of release ${name} (${release.status})`],
  };
  if (release.chart) owner.chart = `${release.chart}${release.chartVersion ? ` ${release.chartVersion}` : ''}`;
  if (isPendingStatus(release.status)) owner.releaseStatus = release.status;
  return owner;
}

function istioctl(labels: Record<string, string>): ManagedBy | undefined {
  if (labels[ISTIOCTL_MANAGED] !== 'Reconcile') return undefined;
  const iop = labels[IOP_NAME];
  const evidence = [`label ${ISTIOCTL_MANAGED}=Reconcile`];
  if (iop && iop !== 'unknown') {
    return { kind: 'istioctl', name: iop, ...(labels[IOP_NAMESPACE] ? { namespace: labels[IOP_NAMESPACE] } : {}), resource: 'IstioOperator', evidence };
  }
  return { kind: 'istioctl', name: labels[LABEL_REV] || 'default', resource: 'revision', evidence };
}

/** The owner of `obj` (whose `kind` is e.g. "Deployment"), with the evidence either way. */
export function detectOwner(obj: unknown, kind: string, ctx: OwnerContext): OwnerVerdict {
  const labels = labelsOf(obj);
  const annotations = annotationsOf(obj);
  const evidence: string[] = [];
  const found = sail(obj, labels)
    ?? flux(labels, FLUX_HR, 'HelmRelease')
    ?? flux(labels, FLUX_KS, 'Kustomization')
    ?? argo(obj, kind, labels, annotations, evidence)
    ?? helm(obj, kind, annotations, ctx, evidence)
    ?? istioctl(labels);
  if (found) return { managedBy: found, evidence: [...found.evidence, ...evidence] };
  if (labels[MANAGED_BY] === 'Helm') evidence.push(`chart label ${MANAGED_BY}=Helm only: rendered by a chart, kept by no release (helm template, istioctl tag set or by hand)`);
  return { evidence };
}
