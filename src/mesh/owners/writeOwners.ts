/**
 * The owner of each object a plan would write (issue 13: "plans and previews list the owner of every object they
 * would write"), from the inventory the plan was made from: its Helm releases (when read) and the objects' marks.
 */
import type { ClusterInventory } from '../kubeObjects';
import type { ManagedBy } from '../model';
import { latestReleases } from './helmReleases';
import { detectOwner, type OwnerContext } from './objectOwner';

export function ownerContextOf(inv: ClusterInventory): OwnerContext {
  return { releases: latestReleases(inv.helmReleaseSecrets ?? []) };
}

/** The owner of `obj` (its `kind`, e.g. "Service"), or undefined. */
export function ownerOfObject(obj: unknown, kind: string, ctx: OwnerContext): ManagedBy | undefined {
  return obj ? detectOwner(obj, kind, ctx).managedBy : undefined;
}

const KINDS: Record<string, string> = {
  mutatingwebhookconfigurations: 'MutatingWebhookConfiguration',
  validatingwebhookconfigurations: 'ValidatingWebhookConfiguration',
  services: 'Service',
  deployments: 'Deployment',
  configmaps: 'ConfigMap',
  namespaces: 'Namespace',
};

/** Sets `owner` on each write whose object exists (`previous`), in place. */
export function annotateOwners<W extends { kind: string; previous?: unknown; owner?: ManagedBy }>(writes: W[], inv: ClusterInventory): W[] {
  const ctx = ownerContextOf(inv);
  for (const w of writes) {
    const owner = ownerOfObject(w.previous, KINDS[w.kind] ?? w.kind, ctx);
    if (owner) w.owner = owner;
  }
  return writes;
}

/** The owner of the object of `resource` kind named `name` (in `namespace`) in the inventory. */
export function ownerInInventory(inv: ClusterInventory, resource: 'deployments' | 'services' | 'configmaps' | 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations', name: string, namespace?: string, ctx = ownerContextOf(inv)): ManagedBy | undefined {
  const lists = { deployments: inv.deployments, services: inv.services, configmaps: inv.configMaps, mutatingwebhookconfigurations: inv.mutatingWebhooks, validatingwebhookconfigurations: inv.validatingWebhooks };
  const obj = (lists[resource] as { metadata: { name: string; namespace?: string } }[]).find((o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  return ownerOfObject(obj, KINDS[resource], ctx);
}
