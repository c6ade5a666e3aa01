/**
 * The blast radius's reads on a real kube-apiserver 1.20: PodDisruptionBudgets only at policy/v1beta1 and HPAs at
 * autoscaling/v1 (v2beta2), found by discovery — and the findings they make for a migration of namespace a.
 */
import { strict as assert } from 'node:assert';
import { planMigration } from '../../src/mesh/migrationPlan';
import { planBlastRadius, readBlastInputs } from '../../src/upgrade/blastRadiusReads';
import { readScopedInventory } from '../../src/upgrade/scopedInventory';
import { startRealHarness, type RealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('blast radius reads', () => {
  let h: RealHarness;
  before(async function () {
    this.timeout(180_000);
    h = await startRealHarness('tags-prod-canary');
    const made = await Promise.all([
      h.raw.request('POST', '/apis/policy/v1beta1/namespaces/a/poddisruptionbudgets', {
        apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'frontend' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'frontend' } } },
      }),
      h.raw.request('POST', '/apis/autoscaling/v1/namespaces/a/horizontalpodautoscalers', {
        apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'frontend' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend' }, minReplicas: 1, maxReplicas: 2, targetCPUUtilizationPercentage: 80 },
      }),
    ]);
    assert.deepEqual(made.map((r) => r.status), [201, 201], JSON.stringify(made.map((r) => r.body)));
  });

  it('reads them at the versions 1.20 serves, and judges the plan', async () => {
    const inv = await readScopedInventory(h.client, ['a']);
    const read = await readBlastInputs(h.client, inv, ['a']);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.pdbs.map((p) => [p.metadata.name, p.spec?.minAvailable]), [['frontend', 2]]);
    assert.deepEqual(read.hpas.map((p) => [p.metadata.name, p.spec?.maxReplicas, p.spec?.scaleTargetRef?.name]), [['frontend', 2, 'frontend']]);
    const planned = planMigration(h.contextName, inv, ['a'], 'canary');
    assert.ok(planned.ok);
    const radius = await planBlastRadius(h.client, inv, planned.plan);
    assert.deepEqual(radius.findings.filter((f) => f.objects.some((o) => o.endsWith('/frontend'))).map((f) => f.kind).sort(), [
      'hpa-at-max', 'no-readiness-probe', 'pdb-blocks-eviction',
    ]);
  });
});
