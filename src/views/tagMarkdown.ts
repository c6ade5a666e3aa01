/** Markdown previews of tag plans (set / move / remove), beside the tree before the modal confirm. */
import type { TagRemovePlan, TagSetPlan, TagWrite } from '../mesh/tagPlan';
import { md } from './nodeText';
import { mdCode, mdText } from '../mesh/markdownText';
import type { OwnerRoute } from '../mesh/owners/ownerRoute';
import { ownerCell, ownerRouteMarkdown } from './ownerRouteMarkdown';

function writesTable(writes: TagWrite[]): string[] {
  return [
    '| Change | Object | Owner |',
    '|---|---|---|',
    ...writes.map((w) => `| ${w.op === 'delete' ? 'delete' : w.previous ? 'replace' : 'create'} | ${mdText(w.summary)} | ${w.previous ? ownerCell(w.owner) : '— (new)'} |`),
  ];
}

/** The owner's way, when the tag is kept by an owner (Helm, Sail…): before the direct changes above. */
function routeSections(route: OwnerRoute | undefined): string[] {
  return route ? ownerRouteMarkdown(route, route.route === 'owner-native' ? 'The owner\'s way (instead of the changes above)' : 'Owner') : [];
}

function yamlish(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function tagSetMarkdown(context: string, plan: TagSetPlan, route?: OwnerRoute): string {
  const moving = plan.previousRevision !== undefined && plan.previousRevision !== plan.revision;
  const title = moving
    ? `# Move tag \`${plan.tag}\`: ${plan.previousRevision} → ${plan.revision}`
    : `# ${plan.previousRevision ? 'Re-apply' : 'Create'} tag \`${plan.tag}\` → ${plan.revision}`;
  const out = [
    title, '',
    `Cluster ${mdCode(context)} · Istio ${mdText(plan.version ?? 'version unknown')}`, '',
    '## Changes', '', ...writesTable(plan.writes), '',
    ...routeSections(route),
    '## Namespaces injected through this tag', '',
    plan.namespaces.length ? plan.namespaces.map((n) => `- \`${n}\``).join('\n') : '_None yet._', '',
  ];
  if (moving && plan.namespaces.length) {
    out.push('> **A tag move alone changes nothing for running pods.** Their proxies stay on ' +
      `${plan.previousRevision} until the pods restart; new pods get ${plan.revision}. Restart these namespaces afterwards ` +
      '(the extension offers it), one at a time if you want a canary.', '');
  }
  if (plan.warnings.length) out.push('## Warnings', '', ...plan.warnings.map((w) => `- ⚠ ${md(w)}`), '');
  // Escaped: notes quote placeholders like <NAMESPACE> (which Markdown would swallow as HTML) and cluster names.
  if (plan.notes.length) out.push('## Notes', '', ...plan.notes.map((n) => `- ${md(n)}`), '');
  out.push('## What istioctl would do', '', '```sh',
    plan.istioctl,
    ...plan.namespaces.map((n) => `kubectl rollout restart deployment,statefulset,daemonset -n ${n}`),
    '```', '');
  const mwc = plan.writes.find((w) => w.kind === 'mutatingwebhookconfigurations' && w.op === 'apply' && w.object);
  if (mwc) out.push('<details><summary>Rendered webhook</summary>', '', '```json', yamlish(mwc.object), '```', '', '</details>', '');
  return out.join('\n');
}

export function tagRemoveMarkdown(context: string, plan: TagRemovePlan, route?: OwnerRoute): string {
  const out = [
    `# Remove tag \`${plan.tag}\`${plan.revision ? ` (→ ${plan.revision})` : ''}`, '',
    `Cluster ${mdCode(context)}`, '',
    '## Changes', '', ...writesTable(plan.writes), '',
    ...routeSections(route),
  ];
  if (plan.warning) out.push(`> ⚠ ${mdText(plan.warning)}`, '');
  if (plan.notes.length) out.push(...plan.notes.map((n) => `- ${md(n)}`), '');
  out.push('## What istioctl would do', '', '```sh', `istioctl tag remove ${plan.tag}`, '```', '');
  return out.join('\n');
}
