/**
 * Istio's Helm charts as the simulator renders them (istio-model.md M15): `istiod` (one release per revision,
 * tag webhooks from `revisionTags`), `base` (the `defaultRevision` validator) and `gateway`. Each object names
 * the chart template it comes from, for the release manifest.
 */
import type { KubeObject } from '../core/types';
import {
  defaultValidator, gatewayService, helmGateway, injectorConfigMap, injectorWebhook,
  istiodDeployment, istiodService, meshConfigMap, minorOf, tagService, tagWebhook, validatorWebhook, type ControlPlane,
} from '../scenarios/istioObjects';
import type { ChartObject } from './helmReleases';
import type { ChartMetadata } from './releaseSecret';

export function chartMetadata(name: string, version: string): ChartMetadata {
  return { name, version, appVersion: version };
}

/** `istio.labels` (zzz_profile.yaml) for a release of `chart`. */
export function istioChartLabels(chart: ChartMetadata, release: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': chart.appVersion,
    'helm.sh/chart': `${chart.name}-${chart.version}`,
  };
}

/** The istiod chart for one revision (`cp.release` names the release), with a tag webhook per `revisionTags` entry. */
export function istiodChart(cp: ControlPlane, revisionTags: string[] = []): ChartObject[] {
  const helm: ControlPlane = { ...cp, installer: 'helm' };
  const tagsFile = minorOf(helm) >= 28 ? 'templates/revision-tags-mwc.yaml' : 'templates/revision-tags.yaml';
  const objects: ChartObject[] = [
    { source: 'templates/service.yaml', object: istiodService(helm) },
    { source: 'templates/istiod-injector-configmap.yaml', object: injectorConfigMap(helm) },
    { source: 'templates/configmap.yaml', object: meshConfigMap(helm) },
    { source: 'templates/deployment.yaml', object: istiodDeployment(helm) },
    { source: 'templates/mutatingwebhook.yaml', object: injectorWebhook(helm) },
    { source: 'templates/validatingwebhookconfiguration.yaml', object: validatorWebhook(helm) },
    ...revisionTags.map((t) => ({ source: tagsFile, object: tagWebhook(t, helm) })),
  ];
  if (minorOf(helm) >= 28) objects.push(...revisionTags.map((t) => ({ source: 'templates/revision-tags-svc.yaml', object: tagService(t, helm) })));
  return objects;
}

/** The user-supplied values of an istiod release. */
export function istiodValues(cp: ControlPlane, revisionTags: string[] = []): Record<string, unknown> {
  return { revision: cp.revision, ...(revisionTags.length ? { revisionTags } : {}) };
}

export const ISTIOD_CHART_DEFAULTS = { revision: '', revisionTags: [], ownerName: '', sidecarInjectorWebhook: { enableNamespacesByDefault: false } };
export const BASE_CHART_DEFAULTS = { defaultRevision: 'default', global: { istioNamespace: 'istio-system' } };

/** The base chart's `istiod-default-validator`, pointing at `defaultRevision`'s istiod (`release`: the base release). */
export function baseChart(defaultCp: ControlPlane, chart: ChartMetadata, release: string): ChartObject[] {
  const vwc = defaultValidator({ ...defaultCp, installer: 'helm' });
  vwc.metadata.labels = { ...vwc.metadata.labels, ...istioChartLabels(chart, release) };
  return [{ source: 'templates/default.yaml', object: vwc }];
}

/**
 * The gateway chart: Deployment and LoadBalancer Service named after the release, labels `app: <name>` and
 * `istio: <name without "istio-">`, pods `sidecar.istio.io/inject: "true"` and `istio.io/rev` when `revision` is set.
 */
export function gatewayChart(release: string, namespace: string, chart: ChartMetadata, revision?: string, replicas = 1): ChartObject[] {
  const app = { app: release, istio: release.replace(/^istio-/, '') };
  const labels = { ...istioChartLabels(chart, release), 'app.kubernetes.io/name': release, ...app, ...(revision ? { 'istio.io/rev': revision } : {}) };
  const deployment: KubeObject = helmGateway(release, namespace, { revision, replicas, extraPodLabels: { ...app, 'app.kubernetes.io/name': release } });
  deployment.metadata.labels = labels;
  const service = gatewayService(release, namespace, app);
  service.metadata.labels = labels;
  return [
    { source: 'templates/service.yaml', object: service },
    { source: 'templates/deployment.yaml', object: deployment },
  ];
}

/** The control-plane revision a release renders, with its release name filled in. */
export function helmControlPlane(revision: string, version: string, release: string, namespace = 'istio-system'): ControlPlane {
  return { revision, version, installer: 'helm', release, namespace };
}
