/** The tag tests' cluster and plan helper (seed 001 shape). */
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import type { planTagSet, TagSetPlan } from '../../../src/mesh/tagPlan';
import { installRevision, inventory, namespace, tagMwc } from './fixtures';

/** 1-7-6 and 1-8-0, prod → 1-7-6, canary → 1-8-0; a, b on prod, c on canary, d istio-injection=enabled, e unlabeled. */
export function prodCanary(): ClusterInventory {
  const inv = inventory();
  installRevision(inv, '1-7-6', '1.7.6');
  installRevision(inv, '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0'));
  inv.namespaces.push(namespace('a', { 'istio.io/rev': 'prod' }), namespace('b', { 'istio.io/rev': 'prod' }), namespace('c', { 'istio.io/rev': 'canary' }),
    namespace('d', { 'istio-injection': 'enabled' }), namespace('e'));
  return inv;
}

/** The plan of an accepted tag set; a refusal fails the test with its reason. */
export function ok(r: ReturnType<typeof planTagSet>): TagSetPlan {
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  return r.plan;
}
