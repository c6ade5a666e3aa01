/**
 * Seed walkthrough 004: Helm-style gateways per revision (1-9-7 blue, 1-10-4 green) behind one
 * LoadBalancer Service that still selects `version: 1-9-7`; bookinfo runs on 1-9-7.
 */
import { controlPlane, gatewayService, helmGateway, istioNamespaceObject, type ControlPlane } from './istioObjects';
import type { Scenario } from './scenarioContext';
import { clusterIPService, deployment, namespace } from './workloadObjects';

const REV_197: ControlPlane = { revision: '1-9-7', version: '1.9.7', installer: 'helm' };
const REV_1104: ControlPlane = { revision: '1-10-4', version: '1.10.4', installer: 'helm' };

export const blueGreenGateways: Scenario = {
  name: 'blue-green-gateways',
  seed: '004',
  description: 'Gateways istio-ingressgateway-1-9-7 / -1-10-4 in istio-gateways, Service on 1-9-7, bookinfo on 1-9-7',
  load(ctx) {
    ctx.apply(istioNamespaceObject());
    ctx.apply(controlPlane(REV_197), controlPlane(REV_1104));
    ctx.apply(namespace('istio-gateways'));
    for (const rev of ['1-9-7', '1-10-4']) {
      ctx.apply(helmGateway(`istio-ingressgateway-${rev}`, 'istio-gateways', { revision: rev, version: rev, replicas: 2 }));
    }
    ctx.apply(gatewayService('istio-ingressgateway', 'istio-gateways', { istio: 'ingressgateway', version: '1-9-7' }));
    ctx.apply(namespace('bookinfo', { 'istio.io/rev': '1-9-7' }));
    for (const [app, version, replicas] of [['productpage', 'v1', 1], ['details', 'v1', 1], ['reviews', 'v1', 2], ['ratings', 'v1', 1]] as const) {
      ctx.apply(deployment('bookinfo', `${app}-${version}`, { replicas, version, podLabels: { app }, labels: { app, version } }), clusterIPService('bookinfo', app, { app }, 9080));
    }
  },
};
