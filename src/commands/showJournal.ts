import type { CommandContext } from './commandContext';
import { journalMarkdown } from '../views/journalMarkdown';
import { showMarkdown } from './showMarkdown';

export async function showJournal(ctx: CommandContext): Promise<void> {
  const runs = ctx.journal.runs();
  const writes = ctx.journal.writes();
  await showMarkdown(journalMarkdown(ctx.journal.dir, runs, (id) => writes.filter((w) => w.runId === id), 30, ctx.journal.warnings()));
}
