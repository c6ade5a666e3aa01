/** Seed walkthrough 001: revisions 1-7-6 and 1-8-0 behind the tags `prod` and `canary`. */
import { controlPlane, istioNamespaceObject, revisionTag, type ControlPlane } from './istioObjects';
import type { Scenario } from './scenarioContext';
import { clusterIPService, deployment, namespace } from './workloadObjects';

const REV_176: ControlPlane = { revision: '1-7-6', version: '1.7.6', installer: 'istioctl' };
const REV_180: ControlPlane = { revision: '1-8-0', version: '1.8.0', installer: 'istioctl' };

const NAMESPACES: [string, string, string[]][] = [
  ['a', 'prod', ['frontend', 'cart']],
  ['b', 'prod', ['orders']],
  ['c', 'canary', ['payments', 'search']],
];

export const tagsProdCanary: Scenario = {
  name: 'tags-prod-canary',
  seed: '001',
  description: 'Revisions 1-7-6 / 1-8-0 with tags prod → 1-7-6 and canary → 1-8-0; namespaces a, b on prod, c on canary',
  load(ctx) {
    ctx.apply(istioNamespaceObject());
    ctx.apply(controlPlane(REV_176), controlPlane(REV_180));
    ctx.apply(revisionTag('prod', REV_176), revisionTag('canary', REV_180));
    for (const [ns, tag, apps] of NAMESPACES) {
      ctx.apply(namespace(ns, { 'istio.io/rev': tag }));
      apps.forEach((app, i) => ctx.apply(deployment(ns, app, { replicas: i === 0 ? 2 : 1, version: 'v1' }), clusterIPService(ns, app, { app })));
    }
  },
};
