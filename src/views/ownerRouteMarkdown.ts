/**
 * The owner's way of a write as Markdown (pure), for previews and the owner modal's companion document: who keeps
 * the objects, who would revert a direct edit, the commands in order (shell-quoted text of argument arrays), the
 * Sail write the extension makes, the YAML to commit, hazards and notes. Every cluster string is escaped.
 */
import * as l10n from '@vscode/l10n';
import type { ManagedBy } from '../mesh/model';
import type { OwnerRoute } from '../mesh/owners/ownerRoute';
import { ownerText } from '../mesh/owners/ownerText';
import { mdCodeBlock, mdText } from '../mesh/markdownText';
import { shellCommand } from '../mesh/shellQuote';

/** "Helm release istiod-1-24-3 · istiod 1.24.3", or an em dash when no owner was found (or could not be read). */
export function ownerCell(owner: ManagedBy | undefined): string {
  return owner ? mdText(ownerText(owner)) : '—';
}

/** Sections (level `##` under `heading`) for one route; a direct route with no owner adds nothing. */
export function ownerRouteMarkdown(route: OwnerRoute, heading: string): string[] {
  if (route.route === 'direct') {
    if (!route.owner) return [];
    return [`## ${mdText(heading)}`, '', l10n.t('Kept by {0}.', mdText(ownerText(route.owner))), '', ...route.notes.map((n) => `- ${mdText(n)}`), ''];
  }
  const out = [`## ${mdText(heading)}`, '', `**${l10n.t('Kept by {0}.', mdText(ownerText(route.owner)))}** ${mdText(route.explanation)}`, '', `_${mdText(route.reverts)}_`, ''];
  const sail = route.actions.filter((a) => a.kind === 'sail');
  if (sail.length) {
    out.push(`### ${l10n.t('What the extension writes instead')}`, '');
    for (const a of sail) if (a.kind === 'sail') out.push(`- ${mdText(a.write.summary)}`);
    out.push('');
  }
  const commands = route.actions.filter((a) => a.kind === 'command');
  if (commands.length) {
    out.push(`### ${l10n.t('Commands, in this order')}`, '');
    commands.forEach((a, i) => {
      if (a.kind === 'command') out.push(`${i + 1}. ${mdText(a.title)}`, '', ...mdCodeBlock('sh', [shellCommand(a.argv)]).map((l) => `   ${l}`), '');
    });
  }
  for (const a of route.actions) if (a.kind === 'manifest') out.push(`### ${mdText(a.title)}`, '', ...mdCodeBlock('yaml', a.text.replace(/\n$/, '').split('\n')), '');
  if (route.hazards.length) out.push(`### ${l10n.t('Watch out')}`, '', ...route.hazards.map((h) => `- ⚠ ${mdText(h)}`), '');
  if (route.notes.length) out.push(...route.notes.map((n) => `- ${mdText(n)}`), '');
  return out;
}
