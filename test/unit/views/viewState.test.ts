import { strict as assert } from 'node:assert';
import { computeViewState } from '../../../src/host/viewState';
import type { ClusterState } from '../../../src/fleet/clusterState';
import { revision, snapshot } from './snapshotFixtures';

const ready = (ctx: string, revisions = 1): ClusterState => ({
  context: ctx, isCurrent: false, status: 'ready',
  snapshot: snapshot({ revisions: Array.from({ length: revisions }, (_, i) => revision(`r${i}`, '1.20.0')) }),
});
const failed = (ctx: string): ClusterState => ({ context: ctx, isCurrent: false, status: 'error', error: { kind: 'unreachable', message: 'connection refused' } });

describe('viewState', () => {
  it('chooses the welcome state only when no node would help more', () => {
    assert.equal(computeViewState([], []), 'noKubeconfig');
    assert.equal(computeViewState([], [{ path: '/x', message: 'bad yaml' }]), 'ok');
    assert.equal(computeViewState([], [{ path: '/x', message: 'kubeconfig not found: /x' }]), 'noKubeconfig');
    assert.equal(computeViewState([failed('a'), failed('b')], []), 'noReachable');
    assert.equal(computeViewState([failed('a'), ready('b')], []), 'ok');
    assert.equal(computeViewState([ready('a', 0), ready('b', 0)], []), 'noIstio');
    assert.equal(computeViewState([ready('a', 0), failed('b')], []), 'ok');
    assert.equal(computeViewState([{ context: 'a', isCurrent: true, status: 'loading' }], []), 'ok');
  });

  it('keeps the tree when the connected clusters failed or run no Istio but others are not connected yet', () => {
    const idle: ClusterState = { context: 'staging', isCurrent: false, status: 'idle', authHint: 'exec: aws eks get-token' };
    assert.equal(computeViewState([failed('a'), idle], []), 'ok');
    assert.equal(computeViewState([ready('a', 0), idle], []), 'ok');
  });

});
