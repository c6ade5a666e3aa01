/**
 * The default revision (istio-model.md M4.3, M14.1): the `default` tag, else the `istiod-default-validator` VWC's
 * `istio.io/rev`, else a revisionless injector (one that injects `istio-injection=enabled` namespaces).
 */
import type { DefaultRevision, Revision, Tag } from './model';
import { DEFAULT_REVISION_NAME, DEFAULT_VALIDATOR, LABEL_REV } from './labels';
import { labelsOf, nameOf } from './untrusted';
import { type InjectorWebhook, isDeactivated, selectsInjectionEnabled } from './webhooks';

function revisionlessCandidates(revisions: Revision[], injectors: InjectorWebhook[]): string[] {
  const out = new Set<string>();
  for (const inj of injectors) {
    if (inj.entries.some(selectsInjectionEnabled)) out.add(inj.revision);
  }
  const named = revisions.find((r) => r.name === DEFAULT_REVISION_NAME);
  if (named) {
    const own = injectors.filter((i) => i.revision === DEFAULT_REVISION_NAME);
    const allDeactivated = own.length > 0 && own.every((i) => isDeactivated(i.entries));
    if (!allDeactivated) out.add(DEFAULT_REVISION_NAME);
  }
  return [...out].sort((a, b) => (a === DEFAULT_REVISION_NAME ? -1 : b === DEFAULT_REVISION_NAME ? 1 : a.localeCompare(b)));
}

export function resolveDefaultRevision(
  revisions: Revision[],
  tags: Tag[],
  injectors: InjectorWebhook[],
  validatingWebhooks: unknown[],
  warnings: string[],
): DefaultRevision | undefined {
  const defaultTag = tags.find((t) => t.name === DEFAULT_REVISION_NAME);
  const validator = validatingWebhooks.find((v) => nameOf(v) === DEFAULT_VALIDATOR);
  const validatorRev = validator ? labelsOf(validator)[LABEL_REV] : undefined;
  if (validator && !validatorRev) warnings.push(`${DEFAULT_VALIDATOR} has no istio.io/rev label; it does not name a default revision.`);

  if (defaultTag) {
    if (validatorRev && validatorRev !== defaultTag.revision) {
      warnings.push(`The default tag points at ${defaultTag.revision} but ${DEFAULT_VALIDATOR} names ${validatorRev}; the default tag takes precedence.`);
    }
    return { name: defaultTag.revision, source: 'default-tag' };
  }
  if (validatorRev) return { name: validatorRev, source: 'istiod-default-validator' };

  const candidates = revisionlessCandidates(revisions, injectors);
  if (candidates.length > 1) {
    warnings.push(`Several revisions inject istio-injection=enabled namespaces (${candidates.join(', ')}): overlapping webhooks (IST0139); assuming ${candidates[0]} is the default.`);
  }
  return candidates.length > 0 ? { name: candidates[0], source: 'revisionless-injector' } : undefined;
}
