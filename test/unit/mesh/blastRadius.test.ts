/** The blast radius of a plan: each finding with a case that fires and one that stays quiet. */
import { strict as assert } from 'node:assert';
import { allowedDisruptions, blastRadius, rolloutOf, scaled, type BlastInputs } from '../../../src/mesh/blastRadius';
import type { KPod, KPodDisruptionBudget, KWorkload } from '../../../src/mesh/kubeObjects';
import type { MigrationPlan, NamespacePlan, WorkloadRef } from '../../../src/mesh/migrationPlan';
import { deploymentPods, workloadObject } from './fixtures';

const NS = 'shop';

function workload(kind: WorkloadRef['kind'], name: string, replicas: number, spec: Partial<NonNullable<KWorkload['spec']>> = {}, probe = true): KWorkload {
  const w = workloadObject(kind, name, NS, { replicas });
  w.spec = { ...w.spec, ...spec };
  if (probe && w.spec.template?.spec) w.spec.template.spec.containers = [{ name: 'app', image: 'app:1', readinessProbe: {} }];
  return w;
}

function readyPods(name: string, n: number): KPod[] {
  return deploymentPods(name, NS, Array.from({ length: n }, () => ({}))).map((p) => ({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }));
}

function pdb(name: string, spec: NonNullable<KPodDisruptionBudget['spec']>, status?: KPodDisruptionBudget['status']): KPodDisruptionBudget {
  return { metadata: { name, namespace: NS }, spec: { ...spec, selector: { matchLabels: { app: name } } }, ...(status ? { status } : {}) };
}

function plan(restart: WorkloadRef[], blocked: NamespacePlan['blocked'] = []): MigrationPlan {
  const ns: NamespacePlan = {
    namespace: NS, labelsBefore: {}, labelsAfter: { 'istio.io/rev': 'canary' }, relabel: true, patch: { metadata: { labels: {} } },
    restart, blocked, proxies: 0, staleAfter: 0,
  };
  return { context: 'c', target: { name: 'canary', kind: 'tag', revision: '1-25-1' }, namespaces: [ns], warnings: [], kubectl: [] };
}

const ref = (kind: WorkloadRef['kind'], name: string): WorkloadRef => ({ kind, namespace: NS, name });

function inputs(parts: Partial<BlastInputs>): BlastInputs {
  return { workloads: [], pods: [], pdbs: [], hpas: [], jobs: [], problems: [], ...parts };
}

function kinds(r: ReturnType<typeof blastRadius>): string[] {
  return r.findings.map((f) => `${f.kind} ${f.objects.join('+')}`).sort();
}

describe('blast radius', () => {
  it('scales int-or-percent fields as Kubernetes does', () => {
    assert.equal(scaled('25%', 3, true, 0), 1);
    assert.equal(scaled('25%', 3, false, 0), 0);
    assert.equal(scaled(2, 3, false, 0), 2);
    assert.equal(scaled('x', 3, false, 7), 7);
    assert.deepEqual(rolloutOf('Deployment', workload('Deployment', 'w', 4), 4), { replicas: 4, unavailable: 1, surges: true, how: 'maxUnavailable 1, maxSurge 1' });
    assert.equal(rolloutOf('Deployment', workload('Deployment', 'w', 2, { strategy: { type: 'Recreate' } }), 2).unavailable, 2);
    assert.equal(rolloutOf('StatefulSet', workload('StatefulSet', 's', 3), 3).unavailable, 1);
  });

  it('a budget the rollout takes below is broken (a rollout is not held back by it)', () => {
    const orders = workload('Deployment', 'orders', 3, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } });
    const r = blastRadius(plan([ref('Deployment', 'orders')]), inputs({ workloads: [orders], pods: readyPods('orders', 3), pdbs: [pdb('orders', { minAvailable: 3 })] }));
    assert.deepEqual(kinds(r), ['pdb-violated Deployment/orders+PodDisruptionBudget/orders']);
    assert.match(r.findings[0].message, /takes 1 pod down at a time .*allows 0 disruptions/);
    assert.match(r.findings[0].advice, /maxUnavailable to 0/);
  });

  it('a budget that allows no eviction is said once even when the rollout surges past it', () => {
    const payments = workload('Deployment', 'payments', 2);
    const r = blastRadius(plan([ref('Deployment', 'payments')]), inputs({ workloads: [payments], pods: readyPods('payments', 2), pdbs: [pdb('payments', { maxUnavailable: 0 })] }));
    assert.deepEqual(kinds(r), ['pdb-blocks-eviction Deployment/payments+PodDisruptionBudget/payments']);
    assert.equal(r.findings[0].severity, 'info');
    // Budgets with room say nothing; the disruption controller's status wins over counting pods.
    const roomy = blastRadius(plan([ref('Deployment', 'payments')]), inputs({ workloads: [payments], pods: readyPods('payments', 2), pdbs: [pdb('payments', { maxUnavailable: 0 }, { observedGeneration: 0, disruptionsAllowed: 1 })] }));
    assert.deepEqual(kinds(roomy), []);
  });

  it('computes a budget from the pods when its status is not written for this generation yet', () => {
    const fresh = { metadata: { name: 'a', namespace: NS, generation: 1 }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'a' } } }, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } };
    assert.deepEqual(allowedDisruptions(fresh, readyPods('a', 3)), { allowed: 1, healthy: 3, desired: 2 });
    assert.deepEqual(allowedDisruptions({ ...fresh, status: { ...fresh.status, observedGeneration: 1, disruptionsAllowed: 2, currentHealthy: 3, desiredHealthy: 1 } }, readyPods('a', 3)), { allowed: 2, healthy: 3, desired: 1 });
    assert.deepEqual(allowedDisruptions(pdb('a', { minAvailable: '50%' }), readyPods('a', 4)), { allowed: 2, healthy: 4, desired: 2 });
    assert.deepEqual(allowedDisruptions(pdb('a', { maxUnavailable: 1 }), readyPods('a', 3)), { allowed: 1, healthy: 3, desired: 2 });
    // No selector: selects nothing.
    assert.deepEqual(allowedDisruptions({ metadata: { name: 'x', namespace: NS }, spec: { minAvailable: 1 } }, readyPods('a', 3)), { allowed: 0, healthy: 0, desired: 1 });
  });

  it('single replicas: down when recreated or a StatefulSet, only no spare when the rollout surges', () => {
    const r = blastRadius(plan([ref('Deployment', 'admin'), ref('StatefulSet', 'ledger'), ref('Deployment', 'cart')]), inputs({
      workloads: [workload('Deployment', 'admin', 1, { strategy: { type: 'Recreate' } }), workload('StatefulSet', 'ledger', 1), workload('Deployment', 'cart', 1)],
    }));
    assert.deepEqual(r.findings.map((f) => `${f.objects[0]} ${f.severity}`), ['Deployment/admin warning', 'StatefulSet/ledger warning', 'Deployment/cart info']);
    assert.match(r.findings[0].message, /down until the new pod is Ready/);
  });

  it('workloads without a readiness probe are named together, once per namespace', () => {
    const r = blastRadius(plan([ref('Deployment', 'a'), ref('Deployment', 'b'), ref('Deployment', 'c')]), inputs({
      workloads: [workload('Deployment', 'a', 2, {}, false), workload('Deployment', 'b', 2, {}, false), workload('Deployment', 'c', 2)],
    }));
    assert.deepEqual(kinds(r), ['no-readiness-probe Deployment/a+Deployment/b']);
    assert.match(r.findings[0].message, /have no readiness probe/);
  });

  it('an HPA at its maximum, a StatefulSet partition', () => {
    const r = blastRadius(plan([ref('Deployment', 'web'), ref('StatefulSet', 'db')]), inputs({
      workloads: [workload('Deployment', 'web', 4), workload('StatefulSet', 'db', 3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } })],
      hpas: [
        { metadata: { name: 'web', namespace: NS }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 4 } },
        { metadata: { name: 'db', namespace: NS }, spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'db' }, maxReplicas: 10 }, status: { currentReplicas: 3 } },
      ],
    }));
    assert.deepEqual(kinds(r), ['hpa-at-max Deployment/web+HorizontalPodAutoscaler/web', 'partition StatefulSet/db']);
    assert.match(r.findings.find((f) => f.kind === 'partition')?.message ?? '', /ordinals 0–1 keep their old proxy/);
  });

  it('what no rollout moves: OnDelete, Jobs (a CronJob\'s said as such), bare pods', () => {
    const blocked: NamespacePlan['blocked'] = [
      { kind: 'StatefulSet', namespace: NS, name: 'cache', reason: 'its updateStrategy is OnDelete: …', advice: 'Delete its pods one at a time' },
      { kind: 'Job', namespace: NS, name: 'nightly-123', reason: 'a Job cannot be rolled out', advice: 'Let the Job finish' },
      { kind: 'Job', namespace: NS, name: 'db-migrate', reason: 'a Job cannot be rolled out', advice: 'Let the Job finish' },
      { kind: 'Pod', namespace: NS, name: 'debug', reason: 'a Pod cannot be rolled out', advice: 'delete it and create it again' },
    ];
    const r = blastRadius(plan([], blocked), inputs({
      jobs: [{ metadata: { name: 'nightly-123', namespace: NS, ownerReferences: [{ apiVersion: 'batch/v1beta1', kind: 'CronJob', name: 'nightly', uid: 'u' }] } }],
    }));
    assert.deepEqual(kinds(r), ['on-delete StatefulSet/cache', 'will-not-move Job/db-migrate', 'will-not-move Job/nightly-123+CronJob/nightly', 'will-not-move Pod/debug']);
    assert.equal(r.findings.find((f) => f.objects.includes('CronJob/nightly'))?.severity, 'info');
  });

  it('carries the read problems and stays quiet for a plain, well-run workload', () => {
    const r = blastRadius(plan([ref('Deployment', 'fine')]), inputs({ workloads: [workload('Deployment', 'fine', 3)], pods: readyPods('fine', 3), problems: ['PodDisruptionBudgets could not be read (forbidden)'] }));
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.problems, ['PodDisruptionBudgets could not be read (forbidden)']);
  });
});
