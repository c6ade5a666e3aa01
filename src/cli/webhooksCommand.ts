/**
 * `webhooks [check]`: every Istio webhook and whether the Service it calls has a ready pod (exit 3 when one does
 * not). `webhooks fix [--dry-run]`: repoint a broken istiod-default-validator at a ready revision, journaled.
 */
import { brokenText, isBroken, type WebhookHealth } from '../mesh/webhookHealth';
import { planValidatorFix, readWebhookHealth } from '../upgrade/webhookGuard';
import { repointValidator } from '../upgrade/webhookFix';
import { openClusterAccess, openJournal, type AccessArgs } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';

export interface WebhooksArgs extends AccessArgs {
  output: 'table' | 'json';
  journal?: string;
  dryRun: boolean;
}

function line(h: WebhookHealth): string {
  const target = h.service ? `${h.service.namespace}/${h.service.name}` : '—';
  const state = h.state === 'healthy' ? `${h.readyPods} ready` : h.state;
  return `${isBroken(h) ? 'BROKEN' : 'ok    '} ${h.kind === 'MutatingWebhookConfiguration' ? 'mutating  ' : 'validating'} ${h.config} (${h.role}) → ${target}: ${state}${isBroken(h) && h.failClosed ? ' (failurePolicy Fail)' : ''}`;
}

export async function webhooksCommand(sub: 'check' | 'fix', args: WebhooksArgs, io: CliIo): Promise<number> {
  const access = openClusterAccess(args);
  try {
    const health = await readWebhookHealth(access.client);
    const fix = await planValidatorFix(access.client, health);
    const broken = health.filter(isBroken);
    if (sub === 'check') {
      if (args.output === 'json') io.out(JSON.stringify({ context: access.context, webhooks: health, fix: fix ?? null }, null, 2));
      else {
        io.out([`${access.context}: ${broken.length ? `${broken.length} of ${health.length} Istio webhooks broken` : `all ${health.length} Istio webhooks call a ready Service`}`, ...health.map(line)].join('\n'));
        for (const h of broken) io.err(`error: ${brokenText(h)}`);
        if (fix) io.err(`fix: istio-canary webhooks fix --context ${access.context} — ${fix.description}`);
      }
      return broken.length ? EXIT.failed : EXIT.ok;
    }
    if (!fix) {
      io.err(broken.length ? `error: no automatic fix for: ${broken.map(brokenText).join(' ')}` : 'nothing to fix: every Istio webhook calls a ready Service');
      return broken.length ? EXIT.usage : EXIT.ok;
    }
    io.err(`${args.dryRun ? 'would repoint' : 'repointing'}: ${fix.description}`);
    if (fix.ownerNote) io.err(`warning: ${fix.ownerNote}`);
    const outcome = await repointValidator(access.client, fix, { journal: openJournal(args.journal), dryRun: args.dryRun });
    if (args.output === 'json') io.out(JSON.stringify({ context: access.context, runId: outcome.runId ?? null, status: outcome.status, fix, error: outcome.error ?? null }, null, 2));
    else io.out(`status: ${outcome.status}${outcome.runId ? ` (run ${outcome.runId})` : ''}${outcome.error ? ` — ${outcome.error}` : ''}`);
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}
