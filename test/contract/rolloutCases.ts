/** Rollout restart by the pod-template annotation: a new ReplicaSet, the old one scaled away, status as kubectl reads it. */
import { strict as assert } from 'node:assert';
import type { KWorkload } from '../../src/mesh/kubeObjects';
import type { WorkloadRef } from '../../src/mesh/migrationPlan';
import { RESTARTED_AT, restartWorkload } from '../../src/upgrade/restartWorkload';
import { appDeployment, createNamespace, eventually, settleRollout, type ContractEnv, type EnvRef } from './contractTarget';

const NS = 'ct-rollout';
const REF: WorkloadRef = { kind: 'Deployment', namespace: NS, name: 'web' };

function ownedBy(obj: { metadata: { ownerReferences?: { kind: string; name: string; controller?: boolean }[] } }, kind: string, name: string): boolean {
  return (obj.metadata.ownerReferences ?? []).some((o) => o.kind === kind && o.name === name && o.controller === true);
}

async function replicaSets(env: ContractEnv): Promise<KWorkload[]> {
  return (await env.client.list('replicasets', { namespace: NS })).items.filter((rs) => ownedBy(rs, 'Deployment', REF.name));
}

export function rolloutCases(env: EnvRef): void {
  describe('rollout restart', () => {
    before(async () => {
      const e = env();
      await createNamespace(e, NS);
      await e.client.create('deployments', appDeployment(NS, REF.name, 2));
      await settleRollout(e, REF);
    });

    it('a dry-run restart changes neither the generation nor the ReplicaSets', async () => {
      const e = env();
      const before = await e.client.get('deployments', REF.name, NS);
      const r = await restartWorkload(e.client, REF, { dryRun: true });
      assert.equal(r.generation, (before.metadata.generation ?? 0) + 1, 'the dry-run answer shows the next generation');
      const after = await e.client.get('deployments', REF.name, NS);
      assert.equal(after.metadata.generation, before.metadata.generation);
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
      assert.equal((await replicaSets(e)).length, 1);
    });

    it('the restartedAt annotation makes a new ReplicaSet, and the rollout replaces every pod', async () => {
      const e = env();
      const [oldRs] = await replicaSets(e);
      const oldHash = oldRs.metadata.labels?.['pod-template-hash'];
      assert.ok(oldHash, 'ReplicaSets carry pod-template-hash');
      const r = await restartWorkload(e.client, REF, {});
      assert.equal(r.generation, 2);
      const sets = await eventually('a second ReplicaSet', () => replicaSets(e), (l) => l.length === 2);
      const fresh = sets.find((rs) => rs.metadata.name !== oldRs.metadata.name) as KWorkload;
      assert.notEqual(fresh.metadata.labels?.['pod-template-hash'], oldHash);
      assert.equal(fresh.spec?.template?.metadata?.annotations?.[RESTARTED_AT], r.restartedAt);
      assert.equal(fresh.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');

      const done = await settleRollout(e, REF, r.generation);
      assert.equal(done.status?.observedGeneration, 2);
      assert.deepEqual([done.status?.replicas, done.status?.updatedReplicas, done.status?.readyReplicas, done.status?.availableReplicas], [2, 2, 2, 2]);
      const old = await e.client.get('replicasets', oldRs.metadata.name, NS);
      assert.equal(old.spec?.replicas, 0);
      const pods = await eventually('only new pods', async () => (await e.client.list('pods', { namespace: NS })).items,
        (l) => l.length === 2 && l.every((p) => ownedBy(p, 'ReplicaSet', fresh.metadata.name)));
      for (const p of pods) assert.equal(p.metadata.labels?.['pod-template-hash'], fresh.metadata.labels?.['pod-template-hash']);
    });

    it('a StatefulSet restart replaces its pods one by one; the status reaches the new revision', async () => {
      const e = env();
      const ref: WorkloadRef = { kind: 'StatefulSet', namespace: NS, name: 'db' };
      const sts = appDeployment(NS, ref.name, 2);
      await e.client.create('statefulsets', { ...sts, spec: { ...sts.spec, serviceName: ref.name } as KWorkload['spec'] });
      const first = await settleRollout(e, ref);
      const revisions = (w: KWorkload) => w.status as { currentRevision?: string; updateRevision?: string };
      const oldRevision = revisions(first).updateRevision;
      assert.ok(oldRevision, 'a StatefulSet reports its updateRevision');
      const r = await restartWorkload(e.client, ref, {});
      const done = await settleRollout(e, ref, r.generation);
      assert.deepEqual([done.status?.replicas, done.status?.updatedReplicas, done.status?.readyReplicas], [2, 2, 2]);
      assert.notEqual(revisions(done).updateRevision, oldRevision);
      assert.equal(revisions(done).currentRevision, revisions(done).updateRevision);
      const pods = await eventually('pods of the new revision', async () => (await e.client.list('pods', { namespace: NS, labelSelector: 'app=db' })).items,
        (l) => l.length === 2 && l.every((p) => p.metadata.labels?.['controller-revision-hash'] === revisions(done).updateRevision));
      assert.deepEqual(pods.map((p) => p.metadata.name).sort(), ['db-0', 'db-1']);
    });
  });
}
