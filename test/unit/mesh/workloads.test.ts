import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { deploymentNameFromReplicaSet, groupWorkloads } from '../../../src/mesh/workloads';
import {
  deployment, deploymentPods, injected118, installRevision, inventory, namespace, nsOf, pod, workloadObject, workloadOf,
} from './fixtures';

const NO_OBJECTS = { deployments: [], statefulSets: [], daemonSets: [] };

describe('workloads: grouping pods under their owners', () => {
  it('a pod belongs to a Deployment through ReplicaSet <deployment>-<pod-template-hash>', () => {
    const dep = deployment('web-api', 'shop', { templateLabels: { 'istio.io/rev': 'canary' } });
    const pods = deploymentPods('web-api', 'shop', [{}, {}], '7f9c6d5b8');
    const groups = groupWorkloads('shop', pods, { ...NO_OBJECTS, deployments: [dep] });
    assert.equal(groups.length, 1);
    assert.deepEqual(
      { ...groups[0].workload, pods: undefined },
      { kind: 'Deployment', name: 'web-api', namespace: 'shop', restartable: true, paused: false, templateRevision: 'canary', pods: undefined },
    );
    assert.deepEqual(groups[0].members.map((p) => (p as { metadata: { name: string } }).metadata.name), pods.map((p) => p.metadata.name).sort());
    assert.equal(groups[0].template?.labels['istio.io/rev'], 'canary');
  });

  it('without the pod-template-hash label the last name segment is stripped', () => {
    assert.equal(deploymentNameFromReplicaSet('web-api-7f9c6d5b8', '7f9c6d5b8'), 'web-api');
    assert.equal(deploymentNameFromReplicaSet('web-api-7f9c6d5b8', undefined), 'web-api');
    assert.equal(deploymentNameFromReplicaSet('web-api-7f9c6d5b8', 'other'), 'web-api');
    assert.equal(deploymentNameFromReplicaSet('solo', undefined), undefined);
    const p = pod('web-api-7f9c6d5b8-x', 'shop', { owner: { kind: 'ReplicaSet', name: 'web-api-7f9c6d5b8' } });
    const groups = groupWorkloads('shop', [p], { ...NO_OBJECTS, deployments: [deployment('web-api', 'shop')] });
    assert.deepEqual(groups.map((g) => [g.workload.kind, g.workload.name, g.members.length]), [['Deployment', 'web-api', 1]]);
  });

  it('a ReplicaSet without a matching Deployment is its own, non-restartable workload', () => {
    const p = pod('legacy-abc12-x', 'shop', { owner: { kind: 'ReplicaSet', name: 'legacy-abc12' }, labels: { 'pod-template-hash': 'abc12' } });
    const [g] = groupWorkloads('shop', [p], NO_OBJECTS);
    assert.deepEqual([g.workload.kind, g.workload.name, g.workload.restartable], ['ReplicaSet', 'legacy-abc12', false]);
  });

  it('StatefulSet and DaemonSet pods group by ownerReference kind+name (object listed or not)', () => {
    const sts = workloadObject('StatefulSet', 'db', 'shop', { templateLabels: { 'istio.io/rev': '1-8-0' } });
    const pods = [
      pod('db-1', 'shop', { owner: { kind: 'StatefulSet', name: 'db' } }),
      pod('db-0', 'shop', { owner: { kind: 'StatefulSet', name: 'db' } }),
      pod('agent-x1', 'shop', { owner: { kind: 'DaemonSet', name: 'agent' } }),
    ];
    const groups = groupWorkloads('shop', pods, { ...NO_OBJECTS, statefulSets: [sts] });
    assert.deepEqual(groups.map((g) => [g.workload.kind, g.workload.name, g.workload.restartable, g.members.length, g.workload.templateRevision]), [
      ['DaemonSet', 'agent', true, 1, undefined],
      ['StatefulSet', 'db', true, 2, '1-8-0'],
    ]);
    assert.deepEqual(groups[1].members.map((p) => (p as { metadata: { name: string } }).metadata.name), ['db-0', 'db-1']);
  });

  it('Job pods → kind Job, bare pods → kind Pod, any other owner → Other; none restartable', () => {
    const pods = [
      pod('migrate-x', 'shop', { owner: { kind: 'Job', name: 'migrate' } }),
      pod('debug', 'shop', { labels: { 'istio.io/rev': '1-8-0' } }),
      pod('rollout-x', 'shop', { owner: { kind: 'Rollout', name: 'rollout' } }),
      pod('rc-x', 'shop', { owner: { kind: 'ReplicationController', name: 'rollout' } }),
    ];
    const groups = groupWorkloads('shop', pods, NO_OBJECTS);
    assert.deepEqual(groups.map((g) => [g.workload.kind, g.workload.name, g.workload.restartable, g.workload.ownerKind]), [
      ['Job', 'migrate', false, undefined],
      ['Other', 'rollout', false, 'ReplicationController'],
      ['Other', 'rollout', false, 'Rollout'],
      ['Pod', 'debug', false, undefined],
    ]);
    assert.equal(groups[3].workload.templateRevision, '1-8-0', 'a bare pod is its own template');
  });

  it('a paused Deployment is paused and not restartable (kubectl refuses to restart it)', () => {
    const [g] = groupWorkloads('shop', [], { ...NO_OBJECTS, deployments: [deployment('frozen', 'shop', { paused: true })] });
    assert.deepEqual([g.workload.paused, g.workload.restartable, g.members.length], [true, false, 0]);
  });

  it('workloads are sorted by kind then name, pods by name; Deployments with no pods are kept', () => {
    const inv = installRevision(inventory(), '1-8-0', '1.8.0');
    inv.namespaces.push(namespace('shop', { 'istio.io/rev': '1-8-0' }));
    inv.deployments.push(deployment('zeta', 'shop'), deployment('alpha', 'shop'), deployment('empty', 'shop'));
    inv.statefulSets.push(workloadObject('StatefulSet', 'db', 'shop'));
    inv.pods.push(...deploymentPods('zeta', 'shop', [injected118('1-8-0', '1.8.0'), injected118('1-8-0', '1.8.0')]));
    inv.pods.push(...deploymentPods('alpha', 'shop', [injected118('1-8-0', '1.8.0')]));
    inv.pods.push(pod('bare', 'shop', injected118('1-8-0', '1.8.0')));
    const s = buildSnapshot('w', inv);
    const ws = nsOf(s, 'shop').workloads;
    assert.deepEqual(ws.map((w) => `${w.kind}/${w.name}`), ['Deployment/alpha', 'Deployment/empty', 'Deployment/zeta', 'Pod/bare', 'StatefulSet/db']);
    const names = workloadOf(s, 'shop', 'zeta').pods.map((p) => p.pod);
    assert.deepEqual(names, [...names].sort());
    assert.deepEqual(workloadOf(s, 'shop', 'empty').pods, []);
  });

  it('pods of namespaces the inventory did not list still appear, with a warning', () => {
    const s = buildSnapshot('w', inventory({ pods: [pod('lonely', 'ghost')] }));
    assert.deepEqual(s.namespaces.map((n) => [n.name, n.state]), [['ghost', 'unlabeled']]);
    assert.match(s.warnings[0], /Namespace ghost has pods but was not listed/);
  });

  it('owner references without kind or name are treated as no owner; the controller owner is preferred', () => {
    const p = pod('p', 'shop');
    p.metadata.ownerReferences = [
      { apiVersion: 'v1', kind: '', name: 'x', uid: '1' },
      { apiVersion: 'v1', kind: 'Foo', name: 'first', uid: '2' },
      { apiVersion: 'batch/v1', kind: 'Job', name: 'ctl', uid: '3', controller: true },
    ];
    const q = pod('q', 'shop');
    (q.metadata as { ownerReferences: unknown }).ownerReferences = [null, { kind: 3 }];
    const groups = groupWorkloads('shop', [p, q], NO_OBJECTS);
    assert.deepEqual(groups.map((g) => `${g.workload.kind}/${g.workload.name}`), ['Job/ctl', 'Pod/q']);
  });
});
