/**
 * Every blast-radius finding in one namespace (issue 16): `shop` on tag prod (→ 1-24-3) with, when migrated to
 * canary (→ 1-25-1): a PodDisruptionBudget the rollout breaks (orders) and one that allows no eviction (payments),
 * a single-replica Deployment that is recreated (admin) and a single-replica StatefulSet (ledger), Deployments
 * without a readiness probe (legacy-api), an HPA at its maximum (web), a StatefulSet with updateStrategy OnDelete
 * (cache), and pods no rollout moves: a Job, a CronJob's Job and a bare pod.
 */
import { resourceByName } from '../core/resourceRegistry';
import type { KubeObject } from '../core/types';
import { controlPlane, istioNamespaceObject, revisionTag, type ControlPlane } from './istioObjects';
import type { Scenario, ScenarioContext } from './scenarioContext';
import { jobPod } from './jobPods';
import { bareHttpPod, clusterIPService, deployment, job, namespace, statefulSet, type AppOptions } from './workloadObjects';

const OLD: ControlPlane = { revision: '1-24-3', version: '1.24.3', installer: 'helm' };
const NEW: ControlPlane = { revision: '1-25-1', version: '1.25.1', installer: 'helm' };
const NS = 'shop';

function app(ctx: ScenarioContext, name: string, replicas: number, spec: Record<string, unknown> = {}, o: AppOptions = {}): void {
  const d = deployment(NS, name, { replicas, version: 'v1', readinessProbe: true, ...o });
  ctx.apply({ ...d, spec: { ...(d.spec as Record<string, unknown>), ...spec } }, clusterIPService(NS, name, { app: name }));
}

function pdb(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name, namespace: NS }, spec: { ...spec, selector: { matchLabels: { app: name } } } };
}

export const blastRadius: Scenario = {
  name: 'blast-radius',
  seed: '009',
  description: 'shop on tag prod (1-24-3) with every blast-radius finding a migration to canary (1-25-1) shows',
  load(ctx) {
    ctx.apply(istioNamespaceObject());
    ctx.apply(controlPlane(OLD), controlPlane(NEW));
    ctx.apply(revisionTag('prod', OLD), revisionTag('canary', NEW));
    ctx.apply(namespace(NS, { 'istio.io/rev': 'prod' }));

    app(ctx, 'orders', 3, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } });
    ctx.apply(pdb('orders', { minAvailable: 3 }));
    app(ctx, 'payments', 2);
    ctx.apply(pdb('payments', { maxUnavailable: 0 }));
    app(ctx, 'admin', 1, { strategy: { type: 'Recreate' } });
    app(ctx, 'legacy-api', 2, {}, { readinessProbe: false });
    app(ctx, 'web', 4);
    ctx.apply({
      apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: NS },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 70 },
    });
    ctx.apply(statefulSet(NS, 'ledger', { replicas: 1, port: 5432, readinessProbe: true }));
    const cache = statefulSet(NS, 'cache', { replicas: 2, port: 6379, readinessProbe: true });
    ctx.apply({ ...cache, spec: { ...(cache.spec as Record<string, unknown>), updateStrategy: { type: 'OnDelete' } } });

    ctx.apply(job(NS, 'db-migrate'));
    jobPod(ctx, NS, 'db-migrate');
    ctx.apply({
      apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'nightly-report', namespace: NS },
      spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox:1.36' }] } } } } },
    });
    const cron = ctx.api.get(resourceByName('cronjobs'), NS, 'nightly-report');
    const child = job(NS, 'nightly-report-28000000');
    child.metadata.ownerReferences = [{ apiVersion: 'batch/v1beta1', kind: 'CronJob', name: 'nightly-report', uid: cron.metadata.uid ?? '', controller: true }];
    ctx.apply(child);
    jobPod(ctx, NS, 'nightly-report-28000000');
    ctx.apply(bareHttpPod(NS, 'debug', { podLabels: { app: 'debug' } }));
  },
};
