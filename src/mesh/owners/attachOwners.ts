/**
 * Owners of the control plane's parts: a revision is owned by whoever owns its istiod Deployment (else its
 * injector webhooks, else its istiod Services — an external control plane has only webhooks); a tag by the owner
 * of its webhook, else of its 1.27+ Service. Sets `managedBy` in place on the builder's fresh objects.
 */
import type { ManagedBy, Revision, Tag } from '../model';
import { nameOf, namespaceOf } from '../untrusted';
import { detectOwner, type OwnerContext } from './objectOwner';

export interface ControlPlaneObjects {
  deployments: readonly unknown[];
  services: readonly unknown[];
  mutatingWebhooks: readonly unknown[];
}

function firstOwner(candidates: readonly [unknown, string][], ctx: OwnerContext): ManagedBy | undefined {
  for (const [obj, kind] of candidates) {
    const owner = detectOwner(obj, kind, ctx).managedBy;
    if (owner) return owner;
  }
  return undefined;
}

export function attachOwners(revisions: Revision[], tags: Tag[], objects: ControlPlaneObjects, ctx: OwnerContext): void {
  const webhook = (name: string) => objects.mutatingWebhooks.find((w) => nameOf(w) === name);
  const service = (name: string, namespace: string) => objects.services.find((s) => nameOf(s) === name && namespaceOf(s) === namespace);
  for (const r of revisions) {
    const candidates: [unknown, string][] = [];
    const dep = r.deployment ? objects.deployments.find((d) => nameOf(d) === r.deployment && namespaceOf(d) === r.istioNamespace) : undefined;
    if (dep) candidates.push([dep, 'Deployment']);
    for (const w of r.injectorWebhooks) candidates.push([webhook(w), 'MutatingWebhookConfiguration']);
    for (const s of r.services) candidates.push([service(s, r.istioNamespace), 'Service']);
    const owner = firstOwner(candidates.filter(([o]) => o !== undefined), ctx);
    if (owner) r.managedBy = owner;
  }
  for (const t of tags) {
    const candidates: [unknown, string][] = [];
    if (t.webhook) candidates.push([webhook(t.webhook), 'MutatingWebhookConfiguration']);
    if (t.service) candidates.push([objects.services.find((s) => nameOf(s) === t.service), 'Service']);
    const owner = firstOwner(candidates.filter(([o]) => o !== undefined), ctx);
    if (owner) t.managedBy = owner;
  }
}
