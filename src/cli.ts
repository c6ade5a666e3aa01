/** Command-line face of the same engine the extension uses. See USAGE and the README for the JSON shapes. */
import { parseArgs } from 'node:util';
import { statusCommand } from './cli/statusCommand';
import { migrateCommand } from './cli/migrateCommand';
import { verifyCommand } from './cli/verifyCommand';
import { restartCommand } from './cli/restartCommand';
import { rollbackCommand } from './cli/rollbackCommand';
import { resumeCommand } from './cli/resumeCommand';
import { journalCommand } from './cli/journalCommand';
import { journalCheckCommand } from './cli/journalCheckCommand';
import { precheckCommand } from './cli/precheckCommand';
import { tagCommand, TAG_USAGE } from './cli/tagCommand';
import { gatewayListCommand, gatewaySwitchCommand, gatewaySwitchBackCommand } from './cli/gatewayCommand';
import { removeRevisionCommand } from './cli/removeRevisionCommand';
import { planCommand, PLAN_USAGE } from './cli/planCommand';
import { applyCommand } from './cli/applyCommand';
import { EXIT, type CliIo, type CommonArgs } from './cli/cliTypes';
import { exitCodeOf, isUsageError, UsageError } from './cli/cliErrors';
import { checkArgs, namespaceList } from './cli/cliArgs';
import { gateArgs } from './cli/trafficGateCli';
import { webhooksCommand } from './cli/webhooksCommand';
import { withWebhookGuard } from './cli/webhookGuardCli';
import { openJournal } from './cli/clusterAccess';
import { safeIo } from './cli/terminalText';
import { processIo } from './cli/processIo';
import { errorMessage } from './upgrade/upgradeErrors';
import { LIMITS } from './kube/optionLimits';
import { version as CLI_VERSION } from '../package.json';

const USAGE = `Usage: istio-canary <command> [options]

Commands:
  status                      the Istio revision model of every context (what the VS Code tree shows)
  migrate  --namespace a,b --to REV_OR_TAG [--dry-run] [--relabel-only] [--concurrency N] [--stop-on-failure] [--ignore-owner]
           [--gate auto|traffic|none] [--prometheus URL] [--soak S] [--gate-window S] [--max-5xx-increase PP]
           [--max-p99-ratio R] [--min-requests N] [--gate-undecided stop|continue]
                              relabel → rollout restart → wait → verify (→ traffic gate), journaled; prints the
                              blast radius first; exit 3 when the gate sees a regression. A namespace Argo CD or
                              Flux keeps: exit 1 with the change to commit (--ignore-owner: relabel anyway, then
                              watch for the owner reverting it and report "reverted by <owner>")
  restart  --namespace a,b [--all] [--dry-run]
                              rollout-restart the stale workloads (all with --all), wait, verify
  verify   --namespace a,b [--expect REV] [--syncz]
                              every pod on its namespace's target revision and version
                              (--syncz: also connected to that revision's istiod, from /debug/syncz)
  rollback (--run ID | --namespace a,b) [--dry-run] [--force]
                              restore the labels recorded in the journal, restart, verify; writes the run
                              left unknown are read back first; lists every namespace it touches and skips
                              those with inconsistent journal history unless --force
  resume   --run ID [--dry-run]
                              finish an interrupted, failed or cancelled migrate, restart or rollback run
                              from what the cluster shows now
  journal  [--run ID]         the journal of runs and their writes (skipped lines are warned about)
  journal check [--run ID]    read back every object the journal wrote on the context: is it as journaled?
                              (exit 3 when something was changed outside the journal)
  precheck [--context C]      findings of one cluster (exit 3 when any is an error)
  webhooks [check] | fix [--dry-run]
                              does every Istio webhook call a Service with a ready istiod? (exit 3 when not);
                              fix: repoint istiod-default-validator at a ready revision, journaled
${TAG_USAGE}
  gateway list | switch --service NS/NAME --to NS/DEPLOY [--ignore-owner] [--dry-run] | switch-back --run ID
                              gateways; blue/green switch of a LoadBalancer Service's selector, journaled
                              (a Service a Helm release renders: exit 1 with the helm command)
  remove-revision REV [--ignore-owner] [--dry-run]
                              delete an unused revision's objects; exit 1 with the list of users when in use;
                              a Helm release's revision: exit 1 with helm uninstall; a Sail revision: exit 1
                              saying when Sail prunes it
${PLAN_USAGE}

Options:
  --kubeconfig FILE[:FILE…]   kubeconfig files; default KUBECONFIG, then ~/.kube/config
  --context NAME              the context (status: only this one; others: default current-context)
  -o, --output table|json     output format (default table)
  --journal DIR               journal directory (default $ISTIO_CANARY_JOURNAL or ~/.local/state/istio-canary-upgrades)
  --request-timeout SECONDS   per request (default 15)     --connect-timeout SECONDS   to connect (default 5)
  --rollout-timeout SECONDS   per rollout (default 300)    --exec-timeout SECONDS   exec credential plugin (default 30)
  --force                     go ahead despite blocking plan warnings
  --ignore-owner              write directly although Helm, Sail, Argo CD or Flux keeps the object (it may revert it)
  -v, --verbose               log every API call to stderr (status)
  -h, --help                  this help
  --version                   the version of istio-canary

Every run that writes takes a lock (a Lease) on each namespace it changes; another operator's run on the same
namespace is refused (exit 4) naming who holds it and since when.

Exit codes: 0 ok · 1 usage or refused plan · 2 a cluster or kubeconfig could not be read · 3 a step or verification failed
            (also: the traffic gate saw a regression, or could not judge and --gate-undecided stop)
            · 4 a namespace is locked by another operator's run (try again when it has ended)`;

const OPTIONS = {
  kubeconfig: { type: 'string' }, context: { type: 'string' }, output: { type: 'string', short: 'o', default: 'table' },
  namespace: { type: 'string', short: 'n', multiple: true }, to: { type: 'string' }, run: { type: 'string' },
  expect: { type: 'string' }, journal: { type: 'string' },
  'dry-run': { type: 'boolean', default: false }, 'relabel-only': { type: 'boolean', default: false },
  'stop-on-failure': { type: 'boolean', default: false }, all: { type: 'boolean', default: false },
  revision: { type: 'string', short: 'r' }, service: { type: 'string' }, overwrite: { type: 'boolean', default: false },
  // No default: an absent --auto-inject-namespaces must stay undefined (a tag move keeps the current choice).
  'webhook-name': { type: 'string' }, 'auto-inject-namespaces': { type: 'boolean' },
  force: { type: 'boolean', default: false }, 'ignore-owner': { type: 'boolean', default: false }, concurrency: { type: 'string' }, syncz: { type: 'boolean', default: false },
  gate: { type: 'string' }, prometheus: { type: 'string' }, 'gate-window': { type: 'string' },
  'max-5xx-increase': { type: 'string' }, 'max-p99-ratio': { type: 'string' }, 'min-requests': { type: 'string' }, 'gate-undecided': { type: 'string' },
  from: { type: 'string' }, soak: { type: 'string' }, 'wave-size': { type: 'string' }, step: { type: 'string' }, 'from-step': { type: 'string' },
  'request-timeout': { type: 'string' }, 'connect-timeout': { type: 'string' }, 'rollout-timeout': { type: 'string' }, 'exec-timeout': { type: 'string' },
  verbose: { type: 'boolean', short: 'v', default: false }, help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

const SECONDS_FLAGS = {
  'request-timeout': LIMITS.requestTimeoutSeconds, 'connect-timeout': LIMITS.connectTimeoutSeconds,
  'rollout-timeout': LIMITS.rolloutTimeoutSeconds, 'exec-timeout': LIMITS.execTimeoutSeconds,
} as const;

/** Milliseconds of a seconds flag, within the range the settings have (a huge value would overflow timers). */
function seconds(v: string | undefined, name: keyof typeof SECONDS_FLAGS): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  const { min, max } = SECONDS_FLAGS[name];
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number of seconds from ${min} to ${max}`);
  return n * 1000;
}

/** Runs one command; every line it prints goes through `io` made terminal-safe. Never throws. */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io = safeIo(rawIo);
  try {
    const { values: v, positionals, tokens } = parseArgs({ args: argv, allowPositionals: true, allowNegative: true, options: OPTIONS, tokens: true });
    if (v.version) {
      io.out(CLI_VERSION);
      return EXIT.ok;
    }
    if (v.help || positionals.length === 0) {
      (v.help ? io.out : io.err)(USAGE);
      return v.help ? EXIT.ok : EXIT.usage;
    }
    if (v.output !== 'table' && v.output !== 'json') throw new UsageError(`-o must be table or json, not ${JSON.stringify(v.output)}`);
    checkArgs({ positionals, values: v, given: tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : [])) });
    const output = v.output;
    const namespaces = namespaceList(v.namespace);
    const common: CommonArgs = {
      kubeconfig: v.kubeconfig, context: v.context, namespaces, output, dryRun: v['dry-run'], journal: v.journal,
      requestTimeoutMs: seconds(v['request-timeout'], 'request-timeout'),
      connectTimeoutMs: seconds(v['connect-timeout'], 'connect-timeout'),
      rolloutTimeoutMs: seconds(v['rollout-timeout'], 'rollout-timeout'),
      execTimeoutMs: seconds(v['exec-timeout'], 'exec-timeout'),
    };
    const needNamespaces = (): void => {
      if (namespaces.length === 0) throw new UsageError('--namespace is required');
    };
    switch (positionals[0]) {
      case 'status':
        return await statusCommand({ ...common, output, verbose: v.verbose }, io);
      case 'migrate': {
        needNamespaces();
        if (!v.to) throw new UsageError('--to REV_OR_TAG is required');
        const concurrency = v.concurrency === undefined ? 1 : Number(v.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50) throw new UsageError('--concurrency must be an integer from 1 to 50');
        const gate = gateArgs(v);
        return await migrateCommand({ ...common, to: v.to, relabelOnly: v['relabel-only'], concurrency, stopOnFailure: v['stop-on-failure'], force: v.force, syncz: v.syncz, ignoreOwner: v['ignore-owner'], gate }, io);
      }
      case 'restart':
        needNamespaces();
        return await restartCommand({ ...common, all: v.all }, io);
      case 'verify':
        needNamespaces();
        return await verifyCommand({ ...common, expect: v.expect, syncz: v.syncz }, io);
      case 'rollback': {
        const rollback = (): Promise<number> => rollbackCommand({ ...common, run: v.run, force: v.force }, io);
        if (!v.run && namespaces.length === 0) return await rollback();
        const context = v.context ?? (v.run ? openJournal(v.journal).run(v.run)?.context : undefined);
        return await withWebhookGuard({ ...common, context }, io, 'the rollback', rollback);
      }
      case 'resume':
        return await resumeCommand({ ...common, run: v.run }, io);
      case 'tag': {
        const sub = positionals[1] ?? '';
        const tag = (): Promise<number> => tagCommand(sub, {
          ...common, tag: positionals[2], revision: v.revision, overwrite: v.overwrite,
          webhookName: v['webhook-name'], autoInjectNamespaces: v['auto-inject-namespaces'], ignoreOwner: v['ignore-owner'],
        }, io);
        return ['set', 'move', 'remove', 'delete'].includes(sub) ? await withWebhookGuard(common, io, `tag ${sub}`, tag) : await tag();
      }
      case 'gateway': {
        const g = { kubeconfig: v.kubeconfig, context: v.context, journal: v.journal, output: common.output, requestTimeoutMs: common.requestTimeoutMs, connectTimeoutMs: common.connectTimeoutMs, execTimeoutMs: common.execTimeoutMs };
        if (positionals[1] === 'list') return await gatewayListCommand(g, io);
        if (positionals[1] === 'switch') return await gatewaySwitchCommand({ ...g, service: v.service, to: v.to, dryRun: v['dry-run'], ignoreOwner: v['ignore-owner'] }, io);
        if (positionals[1] === 'switch-back') return await gatewaySwitchBackCommand({ ...g, run: v.run, dryRun: v['dry-run'] }, io);
        throw new UsageError(`unknown gateway command ${JSON.stringify(positionals[1] ?? '')}: gateway list | switch | switch-back`);
      }
      case 'remove-revision':
        return await withWebhookGuard(common, io, 'removing the revision', () => removeRevisionCommand({ kubeconfig: v.kubeconfig, context: v.context, journal: v.journal, output: common.output, revision: positionals[1], dryRun: v['dry-run'], ignoreOwner: v['ignore-owner'], requestTimeoutMs: common.requestTimeoutMs, connectTimeoutMs: common.connectTimeoutMs, execTimeoutMs: common.execTimeoutMs }, io));
      case 'webhooks': {
        const sub = positionals[1] ?? 'check';
        if (sub !== 'check' && sub !== 'fix') throw new UsageError(`unknown webhooks command ${JSON.stringify(sub)}: webhooks check | fix`);
        return await webhooksCommand(sub, { ...common, output }, io);
      }
      case 'precheck':
        return await precheckCommand(common, io);
      case 'plan':
        return await planCommand(positionals[1] ?? '', {
          kubeconfig: v.kubeconfig, context: v.context, journal: v.journal, output, file: positionals[2], from: v.from, to: v.to, soak: v.soak, waveSize: v['wave-size'], prometheus: v.prometheus,
          requestTimeoutMs: common.requestTimeoutMs, connectTimeoutMs: common.connectTimeoutMs, execTimeoutMs: common.execTimeoutMs,
        }, io);
      case 'apply':
        return await applyCommand({
          kubeconfig: v.kubeconfig, context: v.context, journal: v.journal, output, file: positionals[1], step: v.step, fromStep: v['from-step'], dryRun: v['dry-run'], gate: gateArgs(v),
          requestTimeoutMs: common.requestTimeoutMs, connectTimeoutMs: common.connectTimeoutMs, execTimeoutMs: common.execTimeoutMs, rolloutTimeoutMs: common.rolloutTimeoutMs,
        }, io);
      case 'journal':
        if (positionals[1] === 'check') {
          return await journalCheckCommand({ kubeconfig: v.kubeconfig, context: v.context, journal: v.journal, run: v.run, output, requestTimeoutMs: common.requestTimeoutMs, connectTimeoutMs: common.connectTimeoutMs, execTimeoutMs: common.execTimeoutMs }, io);
        }
        return journalCommand({ journal: v.journal, run: v.run, output }, io);
      default:
        throw new UsageError(`unknown command "${positionals[0]}"`);
    }
  } catch (e) {
    io.err(`error: ${errorMessage(e)}${isUsageError(e) ? `\n\n${USAGE}` : ''}`);
    return exitCodeOf(e);
  }
}

/** The process entry (dist/cli.js loads it after its Node.js version check). */
export function runCli(argv: string[]): void {
  void main(argv, processIo()).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runCli(process.argv.slice(2));
