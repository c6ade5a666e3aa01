import { strict as assert } from 'node:assert';
import { managerOf, recordManagedFields, type FieldManagerInfo } from '../../../src/sim/core/managedFields';
import type { KubeObject } from '../../../src/sim/core/types';

const who = (manager: string, time = 't1', operation: 'Update' | 'Apply' = 'Update'): FieldManagerInfo => ({ manager, operation, apiVersion: 'v1', time });
const ns = (labels: Record<string, string>, managedFields?: unknown): KubeObject => ({ metadata: { name: 'n', labels, ...(managedFields ? { managedFields } : {}) } });
const owned = (o: KubeObject): Record<string, string[]> => Object.fromEntries(
  ((o.metadata.managedFields ?? []) as { manager: string; fieldsV1: { 'f:metadata'?: { 'f:labels'?: object } } }[])
    .map((e) => [e.manager, Object.keys(e.fieldsV1['f:metadata']?.['f:labels'] ?? {})]),
);

describe('sim/managedFields (labels and annotations, who set them last)', () => {
  it('the creator owns what it set; a changed key moves to the writer; removed keys and emptied entries go', () => {
    const created = ns({ a: '1', b: '2' });
    recordManagedFields(undefined, created, who('istio-canary-upgrades'));
    assert.deepEqual(owned(created), { 'istio-canary-upgrades': ['f:a', 'f:b'] });

    const relabelled = ns({ a: '1', b: '3' }, created.metadata.managedFields);
    recordManagedFields(created, relabelled, who('kubectl-label', 't2'));
    assert.deepEqual(owned(relabelled), { 'istio-canary-upgrades': ['f:a'], 'kubectl-label': ['f:b'] });

    const dropped = ns({ b: '3' }, relabelled.metadata.managedFields);
    recordManagedFields(relabelled, dropped, who('kubectl-label', 't3'));
    assert.deepEqual(owned(dropped), { 'kubectl-label': ['f:b'] }, 'our entry owned only a, which is gone');
    const entry = (dropped.metadata.managedFields as { time: string; operation: string; fieldsType: string }[])[0];
    assert.deepEqual([entry.time, entry.operation, entry.fieldsType], ['t3', 'Update', 'FieldsV1']);
  });

  it('keeps fields it does not track, and tells Apply from Update', () => {
    const other = [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:finalizers': {} } } }];
    const before = ns({}, other);
    const after = ns({ x: 'y' }, other);
    recordManagedFields(before, after, who('flux', 't', 'Apply'));
    assert.deepEqual((after.metadata.managedFields as { manager: string; operation: string }[]).map((e) => `${e.manager}/${e.operation}`),
      ['kube-controller-manager/Update', 'flux/Apply']);
  });

  it('names the manager from fieldManager, else the User-Agent up to its first /', () => {
    assert.equal(managerOf('istio-canary-upgrades', 'kubectl/v1.20.2'), 'istio-canary-upgrades');
    assert.equal(managerOf(null, 'kubectl/v1.20.2 (linux/amd64) kubernetes/faecb19'), 'kubectl');
    assert.equal(managerOf(undefined, undefined), 'unknown');
  });
});
