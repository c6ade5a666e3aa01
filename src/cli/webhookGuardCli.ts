/**
 * Webhook health around `tag set|move|remove`, `remove-revision` and `rollback` (src/upgrade/webhookGuard.ts):
 * read before and after the command, said on stderr; a change that left a fail-closed Istio webhook calling
 * nothing ready turns a successful exit into 3, with the fix (`webhooks fix`) when there is one.
 */
import { brokenText } from '../mesh/webhookHealth';
import { guardWebhooks } from '../upgrade/webhookGuard';
import { openClusterAccess, type AccessArgs } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';

export async function withWebhookGuard(args: AccessArgs & { dryRun?: boolean }, io: CliIo, what: string, run: () => Promise<number>): Promise<number> {
  let access;
  try {
    access = openClusterAccess(args);
  } catch {
    return run(); // the command says what is wrong with the kubeconfig
  }
  try {
    const { value: code, report } = await guardWebhooks(access.client, run, { dryRun: args.dryRun });
    if (report.problem) io.err(`note: ${report.problem}`);
    for (const h of report.brokenBefore) io.err(`warning: already broken before ${what}: ${brokenText(h)}`);
    for (const h of report.brokenByChange) io.err(`error: ${what} left ${brokenText(h)}`);
    if (report.fix && report.brokenAfter.length) io.err(`fix: istio-canary webhooks fix --context ${access.context} — ${report.fix.description}`);
    return code === EXIT.ok && report.brokenByChange.some((h) => h.failClosed) ? EXIT.failed : code;
  } finally {
    access.dispose();
  }
}
