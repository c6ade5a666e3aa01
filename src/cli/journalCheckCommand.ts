import { auditJournal, type AuditedObject } from '../upgrade/journalAudit';
import { clusterAuditReader } from '../upgrade/auditReader';
import { openClusterAccess, openJournal, type AccessArgs } from './clusterAccess';
import { RefusedError } from './cliErrors';
import { EXIT, type CliIo } from './cliTypes';

const show = (v: Record<string, string | null> | undefined): string => {
  if (!v) return 'gone';
  const set = Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => `${k}=${x}`);
  return set.length ? set.join(', ') : 'none of the keys set';
};

function line(o: AuditedObject): string {
  const ref = `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  const run = `run ${o.runId}${o.command ? ` (${o.command})` : ''}`;
  if (o.matches === 'unexplained') {
    return `✖ ${ref}: ${show(o.current)} — the journal says ${o.fate === 'applied' ? show(o.after) : o.fate === 'failed' ? show(o.before) : `${show(o.before)} or ${show(o.after)}`} (${run}): changed outside the journal`;
  }
  return `✔ ${ref}: ${show(o.current)} — as journaled: ${o.matches} ${run}${o.fate === 'maybe' ? ' (its write got no answer; the cluster shows which)' : ''}`;
}

/**
 * `journal check [--run ID]`: reads back every object the journal wrote on the context (or one run's) and says
 * whether it is as the journal says. Exit 3 when something is not: it was changed outside the journal.
 */
export async function journalCheckCommand(args: AccessArgs & { journal?: string; run?: string; output: 'table' | 'json' }, io: CliIo): Promise<number> {
  const journal = openJournal(args.journal);
  const access = openClusterAccess(args);
  try {
    const runs = journal.runs().filter((r) => r.context === access.context);
    if (args.run && !runs.some((r) => r.runId === args.run)) throw new RefusedError(`no run ${args.run} on ${access.context} in ${journal.dir}`);
    const scope = args.run ? new Set([args.run]) : undefined;
    const writes = journal.writes().filter((w) => w.context === access.context);
    const touched = scope ? new Set(writes.filter((w) => scope.has(w.runId)).map((w) => `${w.kind}/${w.namespace ?? ''}/${w.name}`)) : undefined;
    const audit = await auditJournal(writes.filter((w) => !touched || touched.has(`${w.kind}/${w.namespace ?? ''}/${w.name}`)), runs, clusterAuditReader(access.client));
    if (args.output === 'json') io.out(JSON.stringify({ context: access.context, ...audit }, null, 2));
    else {
      if (audit.objects.length === 0) io.out(`the journal has no write on ${access.context}${args.run ? ` in run ${args.run}` : ''}`);
      for (const o of audit.objects) io.out(line(o));
      io.out(`${audit.objects.length - audit.unexplained} of ${audit.objects.length} as journaled${audit.unexplained ? `; ${audit.unexplained} changed outside the journal` : ''}`);
    }
    return audit.unexplained ? EXIT.failed : EXIT.ok;
  } finally {
    access.dispose();
  }
}
