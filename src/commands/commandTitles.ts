/**
 * Commands named the way the user sees them ("Istio: Migrate to Revision or Tag…"), never by id: the titles come
 * from the extension's own package.json (`contributes.commands`), so a renamed command needs no second edit.
 */
import * as l10n from '@vscode/l10n';

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}

function isContribution(v: unknown): v is CommandContribution {
  const o = v as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && typeof o.command === 'string' && typeof o.title === 'string'
    && (o.category === undefined || typeof o.category === 'string');
}

/** id → "Category: Title" from a manifest (anything malformed is skipped). */
export function commandTitles(packageJson: unknown): Map<string, string> {
  const commands = (packageJson as { contributes?: { commands?: unknown } } | undefined)?.contributes?.commands;
  const titles = new Map<string, string>();
  if (!Array.isArray(commands)) return titles;
  for (const c of commands) {
    if (isContribution(c)) titles.set(c.command, c.category ? `${c.category}: ${c.title}` : c.title);
  }
  return titles;
}

/** The notification of a command that failed: its title (a generic name when it has none), then the reason. */
export function commandFailureMessage(title: string | undefined, reason: string): string {
  const name = title?.replace(/(…|\.\.\.)$/, '');
  return name ? l10n.t('{0} failed: {1}', name, reason) : l10n.t('The command failed: {0}', reason);
}
