/** Messages with a count say "1 pod pins its …" and "3 pods pin their …", never "pod(s)". */
import { strict as assert } from 'node:assert';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import type { Finding } from '../../../src/mesh/finding';
import { planMigration } from '../../../src/mesh/migrationPlan';
import { runPrecheck } from '../../../src/mesh/precheck';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { planTagRemove, planTagSet } from '../../../src/mesh/tagPlan';
import { deployment, deploymentPods, injectedPinned, installRevision, inventory, namespace, tagMwc } from './fixtures';

const TODAY = new Date('2025-01-15T00:00:00Z');

function title(inv: ClusterInventory, id: string): string {
  const found: Finding[] = runPrecheck(inv, buildSnapshot('test', inv), { today: TODAY });
  const f = found.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}; have ${found.map((x) => x.id).join(', ')}`);
  return f.title;
}

function pinnedPods(n: number): ClusterInventory {
  const inv = installRevision(inventory(), '1-24-2', '1.24.2');
  inv.namespaces.push(namespace('istio-system'), namespace('payments', { 'istio.io/rev': '1-24-2' }));
  inv.deployments.push(deployment('pay', 'payments'));
  inv.pods.push(...deploymentPods('pay', 'payments', Array.from({ length: n }, () => injectedPinned('1-24-2', 'corp.example/proxy:1.24.2-fips'))));
  return inv;
}

function ambient(names: string[]): ClusterInventory {
  const inv = installRevision(inventory(), '1-24-2', '1.24.2');
  inv.namespaces.push(namespace('istio-system'), ...names.map((n) => namespace(n, { 'istio.io/dataplane-mode': 'ambient' })));
  return inv;
}

/** prod → 1-7-6 used by `users`, canary → 1-8-0 used by c. */
function tags(users: string[]): ClusterInventory {
  const inv = inventory();
  installRevision(inv, '1-7-6', '1.7.6');
  installRevision(inv, '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0'));
  inv.namespaces.push(...users.map((n) => namespace(n, { 'istio.io/rev': 'prod' })), namespace('c', { 'istio.io/rev': 'canary' }));
  return inv;
}

function notes(inv: ClusterInventory, tag: string, rev: string): string[] {
  const r = planTagSet(inv, tag, rev, { overwrite: true });
  if (!r.ok) throw new Error(r.error);
  return r.plan.notes;
}

describe('counted messages', () => {
  it('precheck: pinned proxy images, singular and plural verb', () => {
    assert.equal(title(pinnedPods(1), 'pinned:ns/payments:1-24-2'), '1 pod in payments pins its proxy image');
    assert.equal(title(pinnedPods(3), 'pinned:ns/payments:1-24-2'), '3 pods in payments pin their proxy image');
  });

  it('precheck: ambient namespaces', () => {
    assert.equal(title(ambient(['mesh-a']), 'ambient:namespaces'), '1 namespace in ambient mode');
    assert.equal(title(ambient(['mesh-a', 'mesh-b']), 'ambient:namespaces'), '2 namespaces in ambient mode');
  });

  it('tag move: the namespaces that get the new proxies on restart', () => {
    assert.ok(notes(tags(['a']), 'prod', '1-8-0').includes(
      'Moving the tag changes nothing for running pods: 1 namespace (a) gets 1-8-0 proxies only when its pods restart.'));
    assert.ok(notes(tags(['a', 'b']), 'prod', '1-8-0').includes(
      'Moving the tag changes nothing for running pods: 2 namespaces (a, b) get 1-8-0 proxies only when their pods restart.'));
    assert.ok(notes(tags(['a']), 'canary', '1-8-0').includes('1 namespace (c) uses this tag; its pods get 1-8-0 proxies when they restart.'));
    const two = tags(['a']);
    two.namespaces.push(namespace('c2', { 'istio.io/rev': 'canary' }));
    assert.ok(notes(two, 'canary', '1-8-0').includes('2 namespaces (c, c2) use this tag; their pods get 1-8-0 proxies when they restart.'));
  });

  it('tag remove: istioctl\'s caution counts the namespaces', () => {
    const r = planTagRemove(tags(['a', 'b']), 'prod');
    assert.equal(r.ok && r.plan.warning, 'Caution, found 2 namespaces still injected by tag "prod": a b');
  });

  it('migration plan: missing namespaces', () => {
    const inv = tags(['a']);
    const one = planMigration('ctx', inv, ['a', 'gone'], '1-8-0');
    assert.equal(one.ok ? '' : one.error, 'Namespace not found in ctx: gone.');
    const two = planMigration('ctx', inv, ['gone', 'lost'], '1-8-0');
    assert.equal(two.ok ? '' : two.error, 'Namespaces not found in ctx: gone, lost.');
  });
});
