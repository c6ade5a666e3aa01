/**
 * Seed walkthrough 003: a revisionless 1.6.14 install with a 1.7.0 canary beside it. demo-a and demo-b
 * still use `istio-injection=enabled`, so every proxy is 1.6.14; the migration relabels them to `canary`.
 */
import { controlPlane, iopIngressGateway, istioNamespaceObject, type ControlPlane } from './istioObjects';
import type { Scenario } from './scenarioContext';
import { clusterIPService, deployment, namespace } from './workloadObjects';

const DEFAULT_16: ControlPlane = { revision: '', version: '1.6.14', installer: 'istioctl', webhookStyle: 'legacy' };
const CANARY_17: ControlPlane = { revision: 'canary', version: '1.7.0', installer: 'istioctl', webhookStyle: 'modern' };

export const canary16to17: Scenario = {
  name: 'canary-1-6-to-1-7',
  seed: '003',
  description: 'Istio 1.6.14 (default) with a 1.7.0 canary; demo-a/demo-b on istio-injection=enabled',
  load(ctx) {
    ctx.apply(istioNamespaceObject());
    ctx.apply(controlPlane(DEFAULT_16), controlPlane(CANARY_17));
    ctx.apply(iopIngressGateway(DEFAULT_16, false));
    for (const [ns, app, replicas] of [['demo-a', 'app-a', 2], ['demo-b', 'app-b', 1]] as const) {
      ctx.apply(namespace(ns, { 'istio-injection': 'enabled' }));
      ctx.apply(deployment(ns, app, { replicas, version: 'v1' }), clusterIPService(ns, app, { app }));
    }
  },
};
