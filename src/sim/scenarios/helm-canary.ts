/**
 * A Helm-installed mesh in the middle of istio.io's Helm canary upgrade (istio-model.md M15): `istio-base` (upgraded
 * to the 1.25.1 chart, still `defaultRevision=1-24-3`: revisions v1 superseded, v2 deployed), `istiod-1-24-3`
 * (revisionTags default, prod) and `istiod-1-25-1` (revisionTags canary), a Helm gateway on the prod tag, and a
 * tag `staging` made afterwards with `istioctl tag set` — it copies the 1-25-1 injector's Helm annotations but is
 * in no release manifest (istio-model.md M15). Namespaces on both revisions, through tags, the revision and istio-injection.
 */
import { helmUpgradeInstall } from '../helm/helmReleases';
import { baseChart, BASE_CHART_DEFAULTS, chartMetadata, gatewayChart, helmControlPlane, istiodChart, istiodValues, ISTIOD_CHART_DEFAULTS } from '../helm/istioCharts';
import type { KubeObject } from '../core/types';
import { tagWebhook, type ControlPlane } from './istioObjects';
import type { Scenario, ScenarioContext } from './scenarioContext';
import { appWithService, namespace } from './workloadObjects';

const OLD = helmControlPlane('1-24-3', '1.24.3', 'istiod-1-24-3');
const NEW = helmControlPlane('1-25-1', '1.25.1', 'istiod-1-25-1');
const OLD_TAGS = ['default', 'prod'];
const NEW_TAGS = ['canary'];

/** `istioctl tag set <tag> --revision <rev>` (istio-model.md M15): the chart's tag webhook plus the injector's labels (not `app`, not `operator.istio.io*`) and all its annotations. */
export function istioctlTagSet(ctx: ScenarioContext, tag: string, cp: ControlPlane): KubeObject {
  const injector = ctx.api.store.get('mutatingwebhookconfigurations', undefined, `istio-sidecar-injector-${cp.revision}`);
  const rendered = tagWebhook(tag, { ...cp, installer: 'istioctl' });
  const copied = Object.fromEntries(Object.entries(injector?.metadata.labels ?? {}).filter(([k]) => k !== 'app'));
  const labels = Object.fromEntries(Object.entries({ ...rendered.metadata.labels, ...copied, 'istio.io/tag': tag }).filter(([k]) => !k.includes('operator.istio.io')));
  return { ...rendered, metadata: { name: rendered.metadata.name, labels, annotations: { ...injector?.metadata.annotations } } };
}

const NAMESPACES: [string, Record<string, string>, string[]][] = [
  ['shop', { 'istio.io/rev': 'prod' }, ['cart', 'catalog']],
  ['legacy', { 'istio-injection': 'enabled' }, ['billing']],
  ['payments', { 'istio.io/rev': 'canary' }, ['payments-api']],
  ['search', { 'istio.io/rev': '1-25-1' }, ['search-api']],
  ['staging', { 'istio.io/rev': 'staging' }, ['preview']],
];

export const helmCanary: Scenario = {
  name: 'helm-canary',
  seed: '006',
  description: 'Helm releases istio-base, istiod-1-24-3 (tags default, prod) and istiod-1-25-1 (tag canary) with their release Secrets, a Helm gateway, and an istioctl-made tag that copies Helm\'s annotations',
  load(ctx) {
    ctx.apply(namespace('istio-system'));
    const base = (version: string) => ({
      name: 'istio-base', namespace: 'istio-system', chart: chartMetadata('base', version), values: { defaultRevision: OLD.revision },
      chartValues: BASE_CHART_DEFAULTS, objects: baseChart(OLD, chartMetadata('base', version), 'istio-base'),
    });
    helmUpgradeInstall(ctx.api, base('1.24.3'));
    for (const [cp, tags] of [[OLD, OLD_TAGS], [NEW, NEW_TAGS]] as const) {
      helmUpgradeInstall(ctx.api, {
        name: cp.release ?? '', namespace: 'istio-system', chart: chartMetadata('istiod', cp.version), values: istiodValues(cp, [...tags]),
        chartValues: ISTIOD_CHART_DEFAULTS, objects: istiodChart(cp, [...tags]),
      });
    }
    // Step one of the canary procedure: the base chart moves to the new version first, the default stays.
    helmUpgradeInstall(ctx.api, base('1.25.1'));
    ctx.apply(namespace('istio-ingress'));
    helmUpgradeInstall(ctx.api, {
      name: 'istio-ingress', namespace: 'istio-ingress', chart: chartMetadata('gateway', '1.24.3'), values: { revision: 'prod' },
      objects: gatewayChart('istio-ingress', 'istio-ingress', chartMetadata('gateway', '1.24.3'), 'prod', 2),
    });
    ctx.apply(istioctlTagSet(ctx, 'staging', NEW));
    for (const [ns, labels, apps] of NAMESPACES) {
      ctx.apply(namespace(ns, labels));
      apps.forEach((a, i) => ctx.apply(appWithService(ns, a, i === 0 ? 2 : 1)));
    }
  },
};
