import type { CommandContext } from './commandContext';
import { journalMarkdown } from '../views/journalMarkdown';
import { showMarkdown } from './showMarkdown';

export async function showJournal(ctx: CommandContext): Promise<void> {
  const runs = ctx.journal.runs();
  await showMarkdown(journalMarkdown(ctx.journal.dir, runs, (id) => ctx.journal.writes(id)));
}
