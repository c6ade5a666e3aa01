/** Kubernetes LabelSelector semantics (matchLabels AND matchExpressions), as the API server applies them to webhooks. */
import type { LabelSelector, LabelSelectorRequirement, StringMap } from './kubeObjects';

export function requirementMatches(req: LabelSelectorRequirement, labels: StringMap): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(value as string);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // An unknown operator never matches: safer than guessing.
      return false;
  }
}

/** An absent selector matches everything (as for webhook namespace/object selectors); an empty one too. */
export function selectorMatches(selector: LabelSelector | undefined, labels: StringMap | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  return (selector.matchExpressions ?? []).every((r) => requirementMatches(r, l));
}
