/**
 * Precheck findings from webhook health (webhookHealth.ts): an Istio webhook whose Service has no ready pod, or a
 * validator whose Service is missing (an injector or tag calling a missing Service is IST0139:service in
 * precheckWebhooks.ts). A broken `istiod-default-validator` has a fix: repoint it at the default revision's istiod
 * (or another ready revision's), a journaled, dry-runnable replace of that one object.
 */
import type { Finding, RepointValidatorFix } from './finding';
import type { ClusterInventory, KWebhookConfiguration } from './kubeObjects';
import { detectOwner } from './owners/objectOwner';
import { ownerText, revertedBy } from './owners/ownerText';
import type { MeshSnapshot, Revision } from './model';
import { brokenText, isBroken, webhookHealth, DEFAULT_VALIDATOR, type WebhookHealth } from './webhookHealth';

function advice(h: WebhookHealth): string {
  if (h.config === DEFAULT_VALIDATOR) return 'Repoint it at a revision whose istiod is ready (Apply Fix), as `istioctl tag set default --revision REV` does.';
  if (h.role.startsWith('tag ')) return `Move the tag to a revision whose istiod is ready (Move Tag to Another Revision…, or istioctl tag set ${h.role.slice(4)} --revision REV --overwrite).`;
  if (h.kind === 'ValidatingWebhookConfiguration') return `If revision ${h.revision ?? '?'} was removed, delete this leftover validator (kubectl delete validatingwebhookconfiguration ${h.config}); else bring its istiod back.`;
  return `Bring revision ${h.revision ?? '?'}'s istiod back (kubectl get pods -n ${h.service?.namespace ?? 'istio-system'} -l app=istiod), or, if the revision is gone, delete the leftover webhook.`;
}

/** The ready revision the default validator should call: the default revision, else the one with most namespaces. */
export function validatorTarget(snapshot: MeshSnapshot, exclude?: string): Revision | undefined {
  const ready = snapshot.revisions.filter((r) => !r.external && r.readyReplicas > 0 && r.services.length > 0 && r.name !== exclude);
  return ready.find((r) => r.name === snapshot.defaultRevision?.name) ?? [...ready].sort((a, b) => b.namespaceCount - a.namespaceCount || a.name.localeCompare(b.name))[0];
}

/** `validator`: the object itself, to tell who keeps it (Helm's base chart renders it from `defaultRevision`). */
export function repointFix(h: WebhookHealth, snapshot: MeshSnapshot, validator?: KWebhookConfiguration): RepointValidatorFix | undefined {
  if (h.config !== DEFAULT_VALIDATOR) return undefined;
  const target = validatorTarget(snapshot, h.revision);
  if (!target) return undefined;
  const name = target.services.find((s) => s === `istiod-${target.name}`) ?? target.services.find((s) => s === 'istiod') ?? target.services[0];
  const owner = validator ? detectOwner(validator, 'ValidatingWebhookConfiguration', { releases: snapshot.owners?.helmReleases ?? [] }).managedBy : undefined;
  return {
    kind: 'repointValidator', webhook: h.config, revision: target.name, service: { namespace: target.istioNamespace, name },
    description: `Repoint ${DEFAULT_VALIDATOR} at revision ${target.name} (Service ${target.istioNamespace}/${name}, ${target.readyReplicas} ready), as istioctl tag set default does.`,
    ...(owner ? { ownerNote: `${ownerText(owner)} keeps it: ${revertedBy(owner)} Make the same change there (e.g. the base chart's defaultRevision=${target.name}).` } : {}),
  };
}

export function webhookHealthFindings(inv: ClusterInventory, snapshot: MeshSnapshot): Finding[] {
  const health = webhookHealth({
    mutatingWebhooks: inv.mutatingWebhooks, validatingWebhooks: inv.validatingWebhooks, services: inv.services, pods: inv.pods, deployments: inv.deployments,
  });
  return health.filter(isBroken)
    .filter((h) => !(h.kind === 'MutatingWebhookConfiguration' && h.state === 'missing-service'))
    .map((h) => {
      const fix = repointFix(h, snapshot, inv.validatingWebhooks.find((v) => v.metadata?.name === h.config));
      return {
        id: `webhook-health:${h.kind === 'MutatingWebhookConfiguration' ? 'mwc' : 'vwc'}/${h.config}`, code: 'webhook-health',
        severity: h.failClosed ? 'error' as const : 'warning' as const,
        title: `${h.config} calls ${h.state === 'missing-service' ? 'a missing Service' : 'a Service with no ready pod'}`,
        detail: `${brokenText(h)} ${advice(h)}`,
        objects: [{ kind: h.kind, name: h.config }, ...(h.service ? [{ kind: 'Service', namespace: h.service.namespace, name: h.service.name }] : [])],
        ...(fix ? { fix } : {}),
      };
    });
}

