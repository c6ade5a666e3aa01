/**
 * What the simulated Sail Operator installs with its Helm SDK (istio-model.md M13, M15): per IstioRevision the release
 * `<rev>-istiod` in its namespace (and `<rev>-base` in the operator namespace for a revision named `default`),
 * per IstioRevisionTag the release `<tag>-revisiontags` (and `<tag>-base` with `defaultRevision` for the
 * `default` tag). Its post-renderer adds `managed-by: sail-operator` and a controller ownerReference.
 */
import type { KubeObject } from '../core/types';
import type { HelmRelease } from '../helm/helmReleases';
import { baseChart, BASE_CHART_DEFAULTS, chartMetadata, istiodChart, ISTIOD_CHART_DEFAULTS } from '../helm/istioCharts';
import { tagService, tagWebhook, minorOf, type ControlPlane } from '../scenarios/istioObjects';
import { deepClone } from '../util/json';
import { revisionNamespace, revisionVersion, sailOwnerReference, SAIL_MANAGED_BY, SAIL_MANAGED_BY_VALUE, SAIL_OPERATOR_NAMESPACE } from './sailResources';

function postRenderer(owner: KubeObject): (obj: KubeObject) => KubeObject {
  return (obj) => {
    const copy = deepClone(obj);
    copy.metadata.labels = { ...copy.metadata.labels, [SAIL_MANAGED_BY]: SAIL_MANAGED_BY_VALUE };
    copy.metadata.ownerReferences = [sailOwnerReference(owner)];
    return copy;
  };
}

/** The control plane an IstioRevision renders; a revision named `default` is the revisionless install. */
export function revisionControlPlane(rev: KubeObject, release: string): ControlPlane {
  const name = rev.metadata.name;
  return { revision: name === 'default' ? '' : name, version: revisionVersion(rev), installer: 'helm', release, namespace: revisionNamespace(rev) };
}

export function revisionReleases(rev: KubeObject, operatorNamespaceExists: boolean): HelmRelease[] {
  const name = rev.metadata.name;
  const cp = revisionControlPlane(rev, `${name}-istiod`);
  const chart = chartMetadata('istiod', cp.version);
  const releases: HelmRelease[] = [{
    name: `${name}-istiod`, namespace: revisionNamespace(rev), chart, values: { revision: cp.revision },
    chartValues: ISTIOD_CHART_DEFAULTS, objects: istiodChart(cp), postRender: postRenderer(rev),
  }];
  if (name === 'default' && operatorNamespaceExists) {
    const base = chartMetadata('base', cp.version);
    releases.push({
      name: `${name}-base`, namespace: SAIL_OPERATOR_NAMESPACE, chart: base, values: { defaultRevision: '' },
      chartValues: BASE_CHART_DEFAULTS, objects: baseChart(cp, base, `${name}-base`), postRender: postRenderer(rev),
    });
  }
  return releases;
}

export function tagReleases(tag: KubeObject, rev: KubeObject, operatorNamespaceExists: boolean): HelmRelease[] {
  const name = tag.metadata.name;
  const cp = revisionControlPlane(rev, `${name}-revisiontags`);
  const chart = chartMetadata('revisiontags', cp.version);
  const objects = [{ source: 'templates/revision-tags.yaml', object: tagWebhook(name, cp) }];
  if (minorOf(cp) >= 28) objects.push({ source: 'templates/revision-tags-svc.yaml', object: tagService(name, cp) });
  const releases: HelmRelease[] = [{
    name: `${name}-revisiontags`, namespace: revisionNamespace(rev), chart, values: { revision: cp.revision, revisionTags: [name] },
    chartValues: ISTIOD_CHART_DEFAULTS, objects, postRender: postRenderer(tag),
  }];
  if (name === 'default' && operatorNamespaceExists) {
    const base = chartMetadata('base', cp.version);
    releases.push({
      name: `${name}-base`, namespace: SAIL_OPERATOR_NAMESPACE, chart: base, values: { defaultRevision: rev.metadata.name },
      chartValues: BASE_CHART_DEFAULTS, objects: baseChart(cp, base, `${name}-base`), postRender: postRenderer(tag),
    });
  }
  return releases;
}
