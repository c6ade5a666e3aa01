/**
 * A showcase of every edge case, caught in the middle of a 1.23.4 → 1.24.2 upgrade. Layout: revision
 * 1-23-4 is the default through the `default` tag (plus tag `stable`), 1-24-2 is behind tag `canary`,
 * tags are also 1.27-style Services, and a vendor control plane `cp-v117x.istio-system` runs 1.17.8.
 * Namespaces are moved after their pods exist, so many proxies are stale on purpose.
 */
import {
  controlPlane, gatewayService, helmGateway, istioNamespaceObject, revisionTag, type ControlPlane,
} from './istioObjects';
import type { Scenario, ScenarioContext } from './scenarioContext';
import { jobPod } from './jobPods';
import { bareHttpPod, clusterIPService, daemonSet, deployment, job, namespace, statefulSet } from './workloadObjects';

const REV_1234: ControlPlane = { revision: '1-23-4', version: '1.23.4', installer: 'helm' };
const REV_1242: ControlPlane = { revision: '1-24-2', version: '1.24.2', installer: 'helm' };
const VENDOR: ControlPlane = {
  revision: 'cp-v117x.istio-system', nameSuffix: 'cp-v117x', version: '1.17.8', installer: 'istioctl',
  webhookName: 'istio-sidecar-injector-cp-v117x-istio-system',
};

function app(ctx: ScenarioContext, ns: string, name: string, replicas: number, extra: Parameters<typeof deployment>[2] = {}): void {
  ctx.apply(deployment(ns, name, { replicas, version: 'v1', ...extra }), clusterIPService(ns, name, { app: name }));
}

export const midUpgrade: Scenario = {
  name: 'mid-upgrade',
  seed: '005',
  description: '1.23.4 (default/stable tags) → 1.24.2 (canary tag) mid-way, with stale, conflicting, dangling and pinned cases',
  load(ctx) {
    ctx.apply(istioNamespaceObject());
    ctx.apply(controlPlane(REV_1234), controlPlane(REV_1242), controlPlane(VENDOR));
    ctx.apply(revisionTag('default', REV_1234, true), revisionTag('stable', REV_1234, true), revisionTag('canary', REV_1242, true));

    ctx.apply(namespace('istio-ingress'));
    ctx.apply(helmGateway('istio-ingressgateway', 'istio-ingress', { replicas: 2 }), gatewayService('istio-ingressgateway', 'istio-ingress', { istio: 'ingressgateway' }));

    // Migrated and restarted, except the paused Deployment that cannot roll.
    ctx.apply(namespace('frontend', { 'istio.io/rev': 'stable' }));
    app(ctx, 'frontend', 'web', 2);
    app(ctx, 'frontend', 'api', 2);
    app(ctx, 'frontend', 'legacy-admin', 1);
    ctx.patch('deployments', 'frontend', 'legacy-admin', { spec: { paused: true } });
    ctx.label('namespaces', undefined, 'frontend', { 'istio.io/rev': 'canary' });
    ctx.restart('deployments', 'frontend', 'web');
    ctx.restart('deployments', 'frontend', 'api');

    // Moved from istio-injection=enabled to the canary tag, not restarted: all stale.
    ctx.apply(namespace('shop', { 'istio-injection': 'enabled' }));
    app(ctx, 'shop', 'cart', 2);
    app(ctx, 'shop', 'checkout', 1);
    ctx.apply(statefulSet('shop', 'redis', { replicas: 2, port: 6379 }));
    ctx.label('namespaces', undefined, 'shop', { 'istio-injection': null, 'istio.io/rev': 'canary' });

    // Moved by revision name; only the pinned-image Deployment was restarted.
    ctx.apply(namespace('payments', { 'istio.io/rev': '1-23-4' }));
    app(ctx, 'payments', 'payments-api', 2);
    app(ctx, 'payments', 'fraud-check', 1, { podAnnotations: { 'sidecar.istio.io/proxyImage': 'docker.io/istio/proxyv2:1.22.0' } });
    ctx.label('namespaces', undefined, 'payments', { 'istio.io/rev': '1-24-2' });
    ctx.restart('deployments', 'payments', 'fraud-check');

    // Both labels: istio-injection wins, so the canary label has no effect (IST0123).
    ctx.apply(namespace('conflict', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }));
    app(ctx, 'conflict', 'reviews', 1);

    // Injection disabled after the fact: a leftover injected pod.
    ctx.apply(namespace('legacy', { 'istio-injection': 'enabled' }));
    app(ctx, 'legacy', 'old-worker', 1);
    ctx.label('namespaces', undefined, 'legacy', { 'istio-injection': 'disabled' });

    // Points at a tag/revision that no longer exists.
    ctx.apply(namespace('orphaned', { 'istio.io/rev': 'stable' }));
    app(ctx, 'orphaned', 'batch-api', 1);
    ctx.label('namespaces', undefined, 'orphaned', { 'istio.io/rev': 'gone' });

    // Things a rollout restart cannot fix: a bare pod and a Job pod.
    ctx.apply(namespace('tools', { 'istio.io/rev': 'default' }));
    ctx.apply(bareHttpPod('tools', 'debug-shell', { podLabels: { app: 'debug-shell' } }));
    ctx.apply(job('tools', 'db-migrate'));
    jobPod(ctx, 'tools', 'db-migrate');

    ctx.apply(namespace('monitoring', { 'istio.io/rev': 'stable' }));
    ctx.apply(daemonSet('monitoring', 'node-agent', { port: 9100 }));

    ctx.apply(namespace('vendor-app', { 'istio.io/rev': 'cp-v117x.istio-system' }));
    app(ctx, 'vendor-app', 'billing', 2);

    // Ambient: in the mesh through ztunnel, no sidecars to restart (its own tree group, not "Not in mesh").
    ctx.apply(namespace('mesh-ambient', { 'istio.io/dataplane-mode': 'ambient' }));
    app(ctx, 'mesh-ambient', 'ratings', 1);

    for (const ns of ['plain-a', 'plain-b']) {
      ctx.apply(namespace(ns));
      app(ctx, ns, `${ns}-svc`, 1);
    }
  },
};
