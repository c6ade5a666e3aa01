/** Owner lines of tree rows and tooltips, and the text of the Sail nodes (issue 13). Pure, unit-tested. */
import * as l10n from '@vscode/l10n';
import type { LabelChange, ManagedBy, SailIstioView, SailRevisionView, SailTagView } from '../mesh/model';
import { ownerShort, ownerText, revertedBy } from '../mesh/owners/ownerText';
import { countText } from './countText';
import { mdCode } from '../mesh/markdownText';
import { md } from './tooltipEscape';

/** Kubernetes values, shown as they are. */
const DEFAULT_STRATEGY = 'InPlace';
const CONDITION_TRUE = 'True';
const CONDITION_FALSE = 'False';

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
  return [`${l10n.t('Owner: {0}', `**${md(ownerText(owner))}**`)}${evidence ? ` (${evidence})` : ''}`, md(revertedBy(owner).replace(/`/g, ''))];
}

/** "Injection label last changed by `kubectl-label` (Update) at 2026-03-01T10:00:00Z". */
export function labelChangeLine(change: LabelChange | undefined): string | undefined {
  if (!change) return undefined;
  const what = change.labels.map((l) => `\`${l}\``).join(', ');
  const by = `${mdCode(change.manager)}${change.operation ? ` (${md(change.operation)})` : ''}`;
  return change.time
    ? l10n.t('{0} last set by {1} at {2} — from managedFields', what, by, md(change.time))
    : l10n.t('{0} last set by {1} — from managedFields', what, by);
}

/** An Istio view with an empty name holds the IstioRevisions/Tags that belong to no Istio resource. */
export function sailIstioLabel(i: SailIstioView): string {
  return i.name ? l10n.t('Sail: Istio {0}', i.name) : l10n.t('Sail: revisions of no Istio resource');
}

/** "v1.30.3 · RevisionBased · active default-v1-30-3 · 2 revisions, 1 in use · ⚠ 1 disagrees". */
export function sailIstioDescription(i: SailIstioView, revisions: readonly SailRevisionView[]): string {
  const parts = i.name ? [i.version ?? l10n.t('version unknown'), i.updateStrategy ?? DEFAULT_STRATEGY] : [];
  if (i.activeRevision) parts.push(l10n.t('active {0}', i.activeRevision));
  const total = i.revisions.total ?? revisions.length;
  const inUse = i.revisions.inUse ?? revisions.filter((r) => r.sailInUse).length;
  parts.push(countText(total, (c) => l10n.t('{0} revision, {1} in use', c, inUse), (c) => l10n.t('{0} revisions, {1} in use', c, inUse)));
  const disagreeing = revisions.filter((r) => r.disagreement).length;
  if (disagreeing) parts.push(disagreeing === 1 ? l10n.t('⚠ 1 disagrees with ours') : l10n.t('⚠ {0} disagree with ours', disagreeing));
  if (i.state && i.state !== 'Healthy') parts.push(i.state);
  return parts.join(' · ');
}

export function sailIstioTooltip(i: SailIstioView): string {
  if (!i.name) return l10n.t('**Sail Operator** resources that belong to no Istio resource (created directly).');
  const lines = [l10n.t('**Sail Operator: Istio {0}**', md(i.name))];
  const versionLine = l10n.t('Version {0}, update strategy {1}', md(i.version ?? l10n.t('unknown')), md(i.updateStrategy ?? DEFAULT_STRATEGY));
  lines.push(i.gracePeriodSeconds !== undefined
    ? l10n.t('{0}, inactive revisions deleted {1} s after they fall out of use.', versionLine, i.gracePeriodSeconds)
    : `${versionLine}.`);
  if (i.activeRevision) lines.push(l10n.t('Active revision: {0}', md(i.activeRevision)));
  lines.push(`${l10n.t('Revisions: {0} total, {1} ready, {2} in use', i.revisions.total ?? '?', i.revisions.ready ?? '?', i.revisions.inUse ?? '?')}${i.state ? ` — ${md(i.state)}` : ''}`);
  lines.push(l10n.t('Sail owns its revisions\' webhooks, Deployments and tags: change them through Istio (spec.version) and IstioRevisionTag, not directly.'));
  return lines.join('\n\n');
}

export function sailRevisionDescription(r: SailRevisionView): string {
  const parts = [r.version ?? l10n.t('version unknown')];
  if (r.ready !== undefined) parts.push(r.ready ? l10n.t('ready') : l10n.t('not ready'));
  parts.push(r.sailInUse === undefined ? l10n.t('in use: unknown') : r.sailInUse ? l10n.t('in use') : l10n.t('not in use'));
  if (r.disagreement) parts.push(r.sailInUse === false ? l10n.t('⚠ we see users') : l10n.t('⚠ we see no user'));
  return parts.join(' · ');
}

export function sailRevisionTooltip(r: SailRevisionView): string {
  const lines = [r.istio ? l10n.t('**IstioRevision {0}** of Istio {1}', md(r.name), md(r.istio)) : l10n.t('**IstioRevision {0}**', md(r.name))];
  // Sail's InUse condition status (True/False) is a Kubernetes value: shown as it is.
  const sail = r.sailInUse === undefined ? l10n.t('unknown')
    : r.sailInUse ? CONDITION_TRUE : r.notInUseSince ? l10n.t('{0} since {1}', CONDITION_FALSE, md(r.notInUseSince)) : CONDITION_FALSE;
  const ours = r.oursInUse === undefined ? l10n.t('no such revision here') : r.oursInUse ? l10n.t('in use') : l10n.t('not in use');
  lines.push(l10n.t('Sail\'s InUse: {0}; ours: {1}.', sail, ours));
  if (r.disagreement) lines.push(`⚠ ${md(r.disagreement)}`);
  return lines.join('\n\n');
}

export function sailTagDescription(t: SailTagView): string {
  const target = t.targetKind ? `${t.targetKind} ${t.targetName ?? '?'}` : l10n.t('no target');
  return `${l10n.t('tag → {0}', target)}${t.revision ? ` (${t.revision})` : ''}`;
}
