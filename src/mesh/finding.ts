/** A precheck finding: one problem (or notice) about a cluster's Istio setup, with an optional safe fix. Pure data. */

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface FindingObject {
  kind: string;
  namespace?: string;
  name: string;
}

/** Drop one label from a namespace (a journaled merge patch). */
export interface RemoveLabelFix {
  kind: 'removeNamespaceLabel';
  namespace: string;
  label: string;
  description: string;
}

/** Point `istiod-default-validator` at a ready revision's istiod (a journaled replace of that one object). */
export interface RepointValidatorFix {
  kind: 'repointValidator';
  webhook: string;
  revision: string;
  service: { namespace: string; name: string };
  description: string;
  /** Who keeps the validator (Helm's base chart, Sail, …): it puts a direct edit back — said before the write. */
  ownerNote?: string;
}

/** The automatic fixes (Apply Fix). */
export type FindingFix = RemoveLabelFix | RepointValidatorFix;

export interface Finding {
  /** Stable across refreshes, e.g. `IST0123:ns/foo`. */
  id: string;
  /** Our check id, plus the istioctl analyzer code where one exists, e.g. `namespace-labels IST0123`. */
  code: string;
  severity: FindingSeverity;
  title: string;
  detail: string;
  objects: FindingObject[];
  fix?: FindingFix;
}

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then infos; within a severity by id (stable). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.id.localeCompare(b.id));
}

export function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  const out: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** "2 errors · 3 warnings · 1 info" or "no findings". */
export function findingSummary(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  const parts: string[] = [];
  if (c.error) parts.push(`${c.error} ${c.error === 1 ? 'error' : 'errors'}`);
  if (c.warning) parts.push(`${c.warning} ${c.warning === 1 ? 'warning' : 'warnings'}`);
  if (c.info) parts.push(`${c.info} ${c.info === 1 ? 'info' : 'infos'}`);
  return parts.length ? parts.join(' · ') : 'no findings';
}

/** "ns/a, ns/b, pod x/y +3" — a short object list for tree descriptions. */
export function objectList(objects: readonly FindingObject[], max = 3): string {
  const names = objects.map((o) => (o.namespace && o.kind !== 'Namespace' ? `${o.namespace}/${o.name}` : o.name));
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} +${names.length - max}` : shown;
}
