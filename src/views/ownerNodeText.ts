/** Owner lines of tree rows and tooltips, and the text of the Sail nodes (issue 13). Pure, unit-tested. */
import type { LabelChange, ManagedBy, SailIstioView, SailRevisionView, SailTagView } from '../mesh/model';
import { ownerShort, ownerText, revertedBy } from '../mesh/owners/ownerText';
import { plural } from '../mesh/plural';
import { mdCode } from '../mesh/markdownText';
import { md } from './tooltipEscape';

/**
 * The owner in a row's description: "Helm release istiod-1-24-3", with a pending Helm operation flagged. For
 * istioctl only the tool: its IstioOperator's name (often `installed-state`) is in the tooltip.
 */
export function ownerDescription(owner: ManagedBy | undefined): string | undefined {
  if (!owner) return undefined;
  const short = owner.kind === 'istioctl' ? 'istioctl install' : ownerShort(owner);
  return owner.releaseStatus ? `${short} ⚠ ${owner.releaseStatus}` : short;
}

/** Tooltip lines: who owns it, what reverts a direct edit, and why we think so. */
export function ownerTooltipLines(owner: ManagedBy | undefined, maxEvidence = 3): string[] {
  if (!owner) return [];
  const evidence = owner.evidence.slice(0, maxEvidence).map(md).join('; ');
  // revertedBy marks commands with backticks; escaped they would show as such, so drop them (names stay escaped).
  return [`Owner: **${md(ownerText(owner))}**${evidence ? ` (${evidence})` : ''}`, md(revertedBy(owner).replace(/`/g, ''))];
}

/** "Injection label last changed by `kubectl-label` (Update) at 2026-03-01T10:00:00Z". */
export function labelChangeLine(change: LabelChange | undefined): string | undefined {
  if (!change) return undefined;
  const what = change.labels.map((l) => `\`${l}\``).join(', ');
  return `${what} last set by ${mdCode(change.manager)}${change.operation ? ` (${md(change.operation)})` : ''}${change.time ? ` at ${md(change.time)}` : ''} — from managedFields`;
}

/** An Istio view with an empty name holds the IstioRevisions/Tags that belong to no Istio resource. */
export function sailIstioLabel(i: SailIstioView): string {
  return i.name ? `Sail: Istio ${i.name}` : 'Sail: revisions of no Istio resource';
}

/** "v1.30.3 · RevisionBased · active default-v1-30-3 · 2 revisions, 1 in use · ⚠ 1 disagrees". */
export function sailIstioDescription(i: SailIstioView, revisions: readonly SailRevisionView[]): string {
  const parts = i.name ? [i.version ?? 'version unknown', i.updateStrategy ?? 'InPlace'] : [];
  if (i.activeRevision) parts.push(`active ${i.activeRevision}`);
  const total = i.revisions.total ?? revisions.length;
  const inUse = i.revisions.inUse ?? revisions.filter((r) => r.sailInUse).length;
  parts.push(`${plural(total, 'revision')}, ${inUse} in use`);
  const disagreeing = revisions.filter((r) => r.disagreement).length;
  if (disagreeing) parts.push(`⚠ ${disagreeing} ${disagreeing === 1 ? 'disagrees' : 'disagree'} with ours`);
  if (i.state && i.state !== 'Healthy') parts.push(i.state);
  return parts.join(' · ');
}

export function sailIstioTooltip(i: SailIstioView): string {
  if (!i.name) return '**Sail Operator** resources that belong to no Istio resource (created directly).';
  const lines = [`**Sail Operator: Istio ${md(i.name)}**`];
  lines.push(`Version ${md(i.version ?? 'unknown')}, update strategy ${md(i.updateStrategy ?? 'InPlace')}${i.gracePeriodSeconds !== undefined ? `, inactive revisions deleted ${i.gracePeriodSeconds} s after they fall out of use` : ''}.`);
  if (i.activeRevision) lines.push(`Active revision: ${md(i.activeRevision)}`);
  lines.push(`Revisions: ${i.revisions.total ?? '?'} total, ${i.revisions.ready ?? '?'} ready, ${i.revisions.inUse ?? '?'} in use${i.state ? ` — ${md(i.state)}` : ''}`);
  lines.push('Sail owns its revisions\' webhooks, Deployments and tags: change them through Istio (spec.version) and IstioRevisionTag, not directly.');
  return lines.join('\n\n');
}

export function sailRevisionDescription(r: SailRevisionView): string {
  const parts = [r.version ?? 'version unknown'];
  if (r.ready !== undefined) parts.push(r.ready ? 'ready' : 'not ready');
  parts.push(r.sailInUse === undefined ? 'in use: unknown' : r.sailInUse ? 'in use' : 'not in use');
  if (r.disagreement) parts.push(r.sailInUse === false ? '⚠ we see users' : '⚠ we see no user');
  return parts.join(' · ');
}

export function sailRevisionTooltip(r: SailRevisionView): string {
  const lines = [`**IstioRevision ${md(r.name)}**${r.istio ? ` of Istio ${md(r.istio)}` : ''}`];
  lines.push(`Sail's InUse: ${r.sailInUse === undefined ? 'unknown' : r.sailInUse ? 'True' : `False${r.notInUseSince ? ` since ${md(r.notInUseSince)}` : ''}`}; ours: ${r.oursInUse === undefined ? 'no such revision here' : r.oursInUse ? 'in use' : 'not in use'}.`);
  if (r.disagreement) lines.push(`⚠ ${md(r.disagreement)}`);
  return lines.join('\n\n');
}

export function sailTagDescription(t: SailTagView): string {
  const target = t.targetKind ? `${t.targetKind} ${t.targetName ?? '?'}` : 'no target';
  return `tag → ${target}${t.revision ? ` (${t.revision})` : ''}`;
}
