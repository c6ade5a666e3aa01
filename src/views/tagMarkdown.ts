/** Markdown previews of tag plans (set / move / remove), beside the tree before the modal confirm. */
import * as l10n from '@vscode/l10n';
import type { TagRemovePlan, TagSetPlan, TagWrite } from '../mesh/tagPlan';
import { md } from './nodeText';
import { mdCode, mdText } from '../mesh/markdownText';
import type { OwnerRoute } from '../mesh/owners/ownerRoute';
import { ownerCell, ownerRouteMarkdown } from './ownerRouteMarkdown';

function writesTable(writes: TagWrite[]): string[] {
  return [
    `| ${l10n.t('Change')} | ${l10n.t('Object')} | ${l10n.t('Owner')} |`,
    '|---|---|---|',
    ...writes.map((w) => `| ${w.op === 'delete' ? l10n.t('delete') : w.previous ? l10n.t('replace') : l10n.t('create')} | ${mdText(w.summary)} | ${w.previous ? ownerCell(w.owner) : `— (${l10n.t('new')})`} |`),
  ];
}

/** The owner's way, when the tag is kept by an owner (Helm, Sail…): before the direct changes above. */
function routeSections(route: OwnerRoute | undefined): string[] {
  return route ? ownerRouteMarkdown(route, route.route === 'owner-native' ? l10n.t('The owner\'s way (instead of the changes above)') : l10n.t('Owner')) : [];
}

function yamlish(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function tagSetMarkdown(context: string, plan: TagSetPlan, route?: OwnerRoute): string {
  const moving = plan.previousRevision !== undefined && plan.previousRevision !== plan.revision;
  const tag = `\`${plan.tag}\``;
  const title = moving
    ? `# ${l10n.t('Move tag {0}: {1} → {2}', tag, plan.previousRevision ?? '', plan.revision)}`
    : `# ${plan.previousRevision ? l10n.t('Re-apply tag {0} → {1}', tag, plan.revision) : l10n.t('Create tag {0} → {1}', tag, plan.revision)}`;
  const out = [
    title, '',
    `${l10n.t('Cluster {0}', mdCode(context))} · Istio ${mdText(plan.version ?? l10n.t('version unknown'))}`, '',
    `## ${l10n.t('Changes')}`, '', ...writesTable(plan.writes), '',
    ...routeSections(route),
    `## ${l10n.t('Namespaces injected through this tag')}`, '',
    plan.namespaces.length ? plan.namespaces.map((n) => `- \`${n}\``).join('\n') : `_${l10n.t('None yet.')}_`, '',
  ];
  if (moving && plan.namespaces.length) {
    out.push(`> ${l10n.t('**A tag move alone changes nothing for running pods.** Their proxies stay on {0} until the pods restart; new pods get {1}. Restart these namespaces afterwards (the extension offers it), one at a time if you want a canary.', plan.previousRevision ?? '', plan.revision)}`, '');
  }
  if (plan.warnings.length) out.push(`## ${l10n.t('Warnings')}`, '', ...plan.warnings.map((w) => `- ⚠ ${md(w)}`), '');
  // Escaped: notes quote placeholders like <NAMESPACE> (which Markdown would swallow as HTML) and cluster names.
  if (plan.notes.length) out.push(`## ${l10n.t('Notes')}`, '', ...plan.notes.map((n) => `- ${md(n)}`), '');
  out.push(`## ${l10n.t('What istioctl would do')}`, '', '```sh',
    plan.istioctl,
    ...plan.namespaces.map((n) => `kubectl rollout restart deployment,statefulset,daemonset -n ${n}`),
    '```', '');
  const mwc = plan.writes.find((w) => w.kind === 'mutatingwebhookconfigurations' && w.op === 'apply' && w.object);
  if (mwc) out.push(`<details><summary>${l10n.t('Rendered webhook')}</summary>`, '', '```json', yamlish(mwc.object), '```', '', '</details>', '');
  return out.join('\n');
}

export function tagRemoveMarkdown(context: string, plan: TagRemovePlan, route?: OwnerRoute): string {
  const out = [
    `# ${l10n.t('Remove tag {0}', `\`${plan.tag}\``)}${plan.revision ? ` (→ ${plan.revision})` : ''}`, '',
    l10n.t('Cluster {0}', mdCode(context)), '',
    `## ${l10n.t('Changes')}`, '', ...writesTable(plan.writes), '',
    ...routeSections(route),
  ];
  if (plan.warning) out.push(`> ⚠ ${mdText(plan.warning)}`, '');
  if (plan.notes.length) out.push(...plan.notes.map((n) => `- ${md(n)}`), '');
  out.push(`## ${l10n.t('What istioctl would do')}`, '', '```sh', `istioctl tag remove ${plan.tag}`, '```', '');
  return out.join('\n');
}
