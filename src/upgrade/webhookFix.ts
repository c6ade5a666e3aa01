/**
 * The webhook health fix: point `istiod-default-validator` at a ready revision's istiod Service and label it with
 * that revision, keeping the rest of the object (tagRender.repointDefaultValidator, as `istioctl tag set default`
 * re-renders it). One replace, conditioned on the resourceVersion read, journaled with the whole previous object
 * (so the run can be undone like a tag run), with server-side dry run.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { RepointValidatorFix } from '../mesh/finding';
import { LABEL_REV } from '../mesh/labels';
import { repointDefaultValidator } from '../mesh/tagRender';
import type { Journal } from './journal';
import { applyTagWrites, type TagOutcome } from './tagOps';

export async function repointValidator(client: ClusterClient, fix: RepointValidatorFix, o: { journal?: Journal; dryRun?: boolean; signal?: AbortSignal; onProgress?: (m: string) => void } = {}): Promise<TagOutcome> {
  const existing = await client.get('validatingwebhookconfigurations', fix.webhook, undefined, o.signal);
  const object = repointDefaultValidator(existing, fix.revision, fix.service);
  const was = existing.metadata.labels?.[LABEL_REV] ?? '?';
  return applyTagWrites(client, [{
    kind: 'validatingwebhookconfigurations', name: fix.webhook, op: 'apply', object, previous: existing,
    summary: `repoint ValidatingWebhookConfiguration ${fix.webhook} at ${fix.service.namespace}/${fix.service.name} (istio.io/rev ${was} → ${fix.revision})`,
  }], { journal: o.journal, dryRun: o.dryRun, overwrite: true, target: fix.webhook, signal: o.signal, onProgress: o.onProgress });
}
