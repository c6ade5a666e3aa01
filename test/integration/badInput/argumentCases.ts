/**
 * Bad arguments: usage errors (exit 1) found before any file or cluster is read, and arguments that name what does not
 * exist, refused by the plan (exit 1) or failed by verification (exit 3), with no write.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BadInputCase, CaseEnv } from './badInputHarness';

const A = 'arguments' as const;
const ESC = '\u001b';

/** `command …env.target… rest`: the simulator's kubeconfig, context and a fresh journal. */
const cli = (command: string[], ...rest: string[]) => (env: CaseEnv): string[] => [...command, ...env.target, ...rest];
const NOT_NAMESPACE = (v: string) => new RegExp(`--namespace ${JSON.stringify(v).replace(/[.\\[\]()*+?^$|/]/g, '\\$&')} is not a namespace name \\(a DNS-1123 label`);
const planFileText = (env: CaseEnv): string => `apiVersion: istio-canary/v1\nkind: UpgradePlan\nspec:\n  context: ${env.context}\n  from: 1-7-6\n  to: 1-8-0\n  steps:\n    - precheck:\n`;
/** A one-step plan (precheck) for the case's cluster, written to the case's folder. */
const planFile = (env: CaseEnv, text = planFileText(env)): string => {
  const file = path.join(env.dir, 'p.istio-upgrade.yaml');
  fs.writeFileSync(file, text);
  return file;
};
const escaped = (out: string, err: string): void => assert.match(`${out}${err}`, /\\u001b/, 'the escape is shown as \\u001b');

export const argumentCases: BadInputCase[] = [
  { category: A, name: 'no command', argv: () => [], exit: 1, message: /^Usage: istio-canary <command>/m },
  { category: A, name: 'unknown command', argv: cli(['frobnicate']), exit: 1, message: /unknown command "frobnicate"/ },
  { category: A, name: 'unknown flag', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--bogus'), exit: 1, message: /Unknown option '--bogus'/ },
  { category: A, name: '-o yaml', argv: cli(['status'], '-o', 'yaml'), exit: 1, message: /-o must be table or json, not "yaml"/ },
  { category: A, name: "--context ''", argv: (env) => ['status', '--kubeconfig', env.kubeconfig, '--context', ''], exit: 1, message: /--context '' is empty: give a context name, or leave --context out/ },
  { category: A, name: "--context '' (migrate)", argv: (env) => ['migrate', '--kubeconfig', env.kubeconfig, '--context=', '-n', 'a', '--to', 'canary'], exit: 1, message: /--context '' is empty/ },
  { category: A, name: "--kubeconfig ''", argv: () => ['migrate', '--kubeconfig', '', '-n', 'a', '--to', 'canary'], exit: 1, message: /--kubeconfig is empty/ },
  { category: A, name: "--journal ''", argv: (env) => ['migrate', '--kubeconfig', env.kubeconfig, '--journal', '', '-n', 'a', '--to', 'canary'], exit: 1, message: /--journal is empty/ },
  { category: A, name: 'migrate without --namespace', argv: cli(['migrate'], '--to', 'canary'), exit: 1, message: /--namespace is required/ },
  { category: A, name: 'migrate without --to', argv: cli(['migrate'], '-n', 'a'), exit: 1, message: /--to REV_OR_TAG is required/ },
  { category: A, name: '--namespace .', argv: cli(['migrate'], '-n', '.', '--to', 'canary'), exit: 1, message: NOT_NAMESPACE('.') },
  { category: A, name: '--namespace ..', argv: cli(['verify'], '-n', '..'), exit: 1, message: NOT_NAMESPACE('..') },
  { category: A, name: '--namespace with a slash', argv: cli(['restart'], '-n', 'a/pods'), exit: 1, message: NOT_NAMESPACE('a/pods') },
  { category: A, name: '--namespace in upper case', argv: cli(['migrate'], '-n', 'Demo', '--to', 'canary'), exit: 1, message: NOT_NAMESPACE('Demo') },
  { category: A, name: '--namespace of 64 characters', argv: cli(['verify'], '-n', 'a'.repeat(64)), exit: 1, message: /--namespace "a{64}" is not a namespace name/ },
  { category: A, name: "--namespace ''", argv: cli(['verify'], '-n', ''), exit: 1, message: /--namespace has an empty name in ""/ },
  { category: A, name: '--namespace a,,b', argv: cli(['migrate'], '-n', 'a,,b', '--to', 'canary'), exit: 1, message: /--namespace has an empty name in "a,,b"/ },
  { category: A, name: '--namespace a huge value', argv: cli(['verify'], '-n', 'x'.repeat(100_000)), exit: 1, message: /--namespace "x{80}… \(100000 characters\)" is not a namespace name/ },
  { category: A, name: '--namespace with a terminal escape', argv: cli(['migrate'], '-n', `${ESC}]0;pwned\u0007${ESC}[2J`, '--to', 'canary'), exit: 1, message: /--namespace "\\u001b\]0;pwned\\u0007\\u001b\[2J" is not a namespace name/, check: escaped },
  { category: A, name: "--to ''", argv: cli(['migrate'], '-n', 'a', '--to', ''), exit: 1, message: /--to is empty/ },
  { category: A, name: '--to with spaces', argv: cli(['migrate'], '-n', 'a', '--to', 'bad value!'), exit: 1, message: /--to "bad value!" is not a revision or tag name/ },
  { category: A, name: '--to of 64 characters', argv: cli(['migrate'], '-n', 'a', '--to', 'r'.repeat(64)), exit: 1, message: /--to "r{64}" is not a revision or tag name/ },
  { category: A, name: '--to with a bidi override', argv: cli(['migrate'], '-n', 'a', '--to', 'canary\u202egnp.exe'), exit: 1, message: /--to "canary\\u202egnp\.exe" is not a revision or tag name/ },
  { category: A, name: '--concurrency 0', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--concurrency', '0'), exit: 1, message: /--concurrency must be an integer from 1 to 50/ },
  { category: A, name: '--concurrency abc', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--concurrency', 'abc'), exit: 1, message: /--concurrency must be an integer from 1 to 50/ },
  { category: A, name: '--concurrency 51', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--concurrency', '51'), exit: 1, message: /--concurrency must be an integer from 1 to 50/ },
  { category: A, name: '--request-timeout 0', argv: cli(['status'], '--request-timeout', '0'), exit: 1, message: /--request-timeout must be a number of seconds from 1 to 300/ },
  { category: A, name: '--request-timeout 3000000 (overflows a timer)', argv: cli(['status'], '--request-timeout', '3000000'), exit: 1, message: /--request-timeout must be a number of seconds from 1 to 300/ },
  { category: A, name: '--exec-timeout 0', argv: cli(['status'], '--exec-timeout', '0'), exit: 1, message: /--exec-timeout must be a number of seconds from 1 to 600/ },
  { category: A, name: '--connect-timeout abc', argv: cli(['verify'], '-n', 'a', '--connect-timeout', 'abc'), exit: 1, message: /--connect-timeout must be a number of seconds from 1 to 120/ },
  { category: A, name: '--rollout-timeout -5', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--rollout-timeout=-5'), exit: 1, message: /--rollout-timeout must be a number of seconds from 10 to 3600/ },
  { category: A, name: '--rollout-timeout with no value', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--rollout-timeout'), exit: 1, message: /Option '--rollout-timeout <value>' argument missing/ },
  { category: A, name: 'verify --expect with spaces', argv: cli(['verify'], '-n', 'a', '--expect', 'not a revision'), exit: 1, message: /--expect "not a revision" is not a revision name/ },
  { category: A, name: 'restart without --namespace', argv: cli(['restart']), exit: 1, message: /--namespace is required/ },
  { category: A, name: 'verify without --namespace', argv: cli(['verify']), exit: 1, message: /--namespace is required/ },
  { category: A, name: 'rollback with neither --run nor --namespace', argv: cli(['rollback']), exit: 1, message: /rollback needs --run ID or --namespace a,b/ },
  { category: A, name: 'migrate --gate maybe', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--gate', 'maybe'), exit: 1, message: /--gate must be one of auto, traffic, none, not "maybe"/ },
  { category: A, name: 'migrate --soak 0', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--soak', '0'), exit: 1, message: /--soak must be a number from 1 to 3600/ },
  { category: A, name: 'migrate --min-requests -1', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--min-requests=-1'), exit: 1, message: /--min-requests must be a number from 0 to 1000000000/ },
  { category: A, name: 'migrate --prometheus that is not a URL', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--prometheus', 'file:///etc/passwd'), exit: 1, message: /--prometheus must be an http:\/\/ or https:\/\/ URL/ },
  { category: A, name: 'migrate --gate none --prometheus URL', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--gate', 'none', '--prometheus', 'http://p:9090'), exit: 1, message: /--prometheus does not go with --gate none/ },
  { category: A, name: 'a gate flag another command takes (restart --soak)', argv: cli(['restart'], '-n', 'a', '--soak', '5'), exit: 1, message: /--soak does not apply to restart \(only to migrate, plan create\)/ },
  { category: A, name: 'webhooks with an unknown subcommand', argv: cli(['webhooks', 'repair']), exit: 1, message: /unknown webhooks command "repair": webhooks check \| fix/ },
  { category: A, name: 'webhooks check --dry-run', argv: cli(['webhooks', 'check'], '--dry-run'), exit: 1, message: /--dry-run does not apply to webhooks check/ },
  { category: A, name: 'an option another command takes (migrate --all)', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--all'), exit: 1, message: /--all does not apply to migrate \(only to restart\)/ },
  { category: A, name: 'an option another command takes (verify --relabel-only)', argv: cli(['verify'], '-n', 'a', '--relabel-only'), exit: 1, message: /--relabel-only does not apply to verify/ },
  { category: A, name: 'an option another command takes (journal --dry-run)', argv: cli(['journal'], '--dry-run'), exit: 1, message: /--dry-run does not apply to journal/ },
  { category: A, name: 'an option another command takes (status --namespace)', argv: cli(['status'], '-n', 'a'), exit: 1, message: /--namespace does not apply to status/ },
  { category: A, name: 'a stray argument', argv: cli(['status', 'extra']), exit: 1, message: /status takes no argument "extra"/ },
  { category: A, name: 'tag set without --revision', argv: cli(['tag', 'set', 'blue']), exit: 1, message: /tag set needs TAG and --revision REV/ },
  { category: A, name: 'tag set with an HTML tag name', argv: cli(['tag', 'set', '<b>x</b>'], '--revision', '1-8-0'), exit: 1, message: /tag "<b>x<\/b>" is not a tag name/ },
  { category: A, name: 'tag set --revision with a slash', argv: cli(['tag', 'set', 'blue'], '--revision', '1-8-0/x'), exit: 1, message: /--revision "1-8-0\/x" is not a revision name/ },
  { category: A, name: 'tag set --webhook-name not a name', argv: cli(['tag', 'set', 'blue'], '--revision', '1-8-0', '--webhook-name', 'Bad Name'), exit: 1, message: /invalid --webhook-name "Bad Name"/ },
  { category: A, name: 'unknown tag command', argv: cli(['tag', 'frobnicate']), exit: 1, message: /unknown tag command "frobnicate"/ },
  { category: A, name: 'tag list --webhook-name', argv: cli(['tag', 'list'], '--webhook-name', 'x'), exit: 1, message: /--webhook-name does not apply to tag list \(only to tag set, tag move\)/ },
  { category: A, name: 'an owner flag on a command that writes nothing (status --ignore-owner)', argv: cli(['status'], '--ignore-owner'), exit: 1, message: /--ignore-owner does not apply to status \(only to migrate, tag set, tag move, tag remove, remove-revision, gateway switch\)/ },
  { category: A, name: 'restart --ignore-owner (restarts touch no owned object)', argv: cli(['restart'], '-n', 'a', '--ignore-owner'), exit: 1, message: /--ignore-owner does not apply to restart/ },
  { category: A, name: 'tag remove --revision', argv: cli(['tag', 'remove', 'prod'], '--revision', '1-8-0'), exit: 1, message: /--revision does not apply to tag remove/ },
  { category: A, name: 'gateway switch --service without a slash', argv: cli(['gateway', 'switch'], '--service', 'bad', '--to', 'istio-gateways/x'), exit: 1, message: /--service "bad" must be NAMESPACE\/NAME/ },
  { category: A, name: 'gateway switch --service with two slashes', argv: cli(['gateway', 'switch'], '--service', 'ns/a/b', '--to', 'ns/x'), exit: 1, message: /--service "ns\/a\/b" must be NAMESPACE\/NAME/ },
  { category: A, name: 'gateway switch --service name not a Service name', argv: cli(['gateway', 'switch'], '--service', 'istio-gateways/1gw', '--to', 'istio-gateways/x'), exit: 1, message: /--service: name "1gw" is not a Service name \(a DNS-1035 label/ },
  { category: A, name: 'gateway switch --to namespace not a name', argv: cli(['gateway', 'switch'], '--service', 'istio-gateways/gw', '--to', 'Istio/x'), exit: 1, message: /--to: namespace "Istio" is not a DNS-1123 label/ },
  { category: A, name: 'gateway switch without --to', argv: cli(['gateway', 'switch'], '--service', 'istio-gateways/gw'), exit: 1, message: /--to must be NAMESPACE\/NAME/ },
  { category: A, name: 'unknown gateway command', argv: cli(['gateway', 'frobnicate']), exit: 1, message: /unknown gateway command "frobnicate": gateway list \| switch \| switch-back/ },
  { category: A, name: 'gateway switch-back without --run', argv: cli(['gateway', 'switch-back']), exit: 1, message: /gateway switch-back needs --run ID/ },
  { category: A, name: 'remove-revision without a revision', argv: cli(['remove-revision']), exit: 1, message: /remove-revision needs a REVISION/ },
  { category: A, name: 'remove-revision with a bad name', argv: cli(['remove-revision', 'bad name!']), exit: 1, message: /revision "bad name!" is not a revision name/ },
  { category: A, name: 'plan without a subcommand', argv: cli(['plan']), exit: 1, message: /unknown plan command "": plan create \| check \| report/ },
  { category: A, name: 'plan create without --from', argv: cli(['plan', 'create'], '--to', '1-8-0'), exit: 1, message: /plan create needs --from REV and --to REV_OR_TAG/ },
  { category: A, name: 'plan create --from with spaces', argv: cli(['plan', 'create'], '--from', 'bad name!', '--to', '1-8-0'), exit: 1, message: /--from "bad name!" is not a revision name/ },
  { category: A, name: 'plan create --soak soon', argv: cli(['plan', 'create'], '--from', '1-7-6', '--to', '1-8-0', '--soak', 'soon'), exit: 1, message: /--soak "soon" is not a duration like 30s, 5m or 1h30m/ },
  { category: A, name: 'plan create --wave-size 0', argv: cli(['plan', 'create'], '--from', '1-7-6', '--to', '1-8-0', '--wave-size', '0'), exit: 1, message: /--wave-size must be a whole number from 1 to 100/ },
  { category: A, name: 'plan create --prometheus that is not http(s)', argv: cli(['plan', 'create'], '--from', '1-7-6', '--to', '1-8-0', '--prometheus', 'prom:9090 x'), exit: 1, message: /--prometheus: .*the Prometheus URL must be http:\/\/ or https:\/\// },
  { category: A, name: 'plan check without FILE', argv: cli(['plan', 'check']), exit: 1, message: /plan check needs FILE/ },
  { category: A, name: 'plan check --step', argv: (env) => ['plan', 'check', planFile(env), ...env.target, '--step', '1'], exit: 1, message: /--step does not apply to plan check \(only to apply\)/ },
  { category: A, name: 'plan check of a file that does not exist', argv: (env) => ['plan', 'check', path.join(env.dir, 'nope.yaml'), ...env.target], exit: 1, message: /cannot read .*nope\.yaml: no such file/ },
  { category: A, name: 'plan check of a directory', argv: (env) => ['plan', 'check', env.dir, ...env.target], exit: 1, message: /is not a regular file/ },
  { category: A, name: 'plan check of a file that is not a plan', argv: (env) => ['plan', 'check', planFile(env, '- a\n- b\n'), ...env.target], exit: 1, message: /not an upgrade plan: an upgrade plan is a mapping/ },
  { category: A, name: 'plan check of a plan with a typo', argv: (env) => ['plan', 'check', planFile(env, planFileText(env).replace('precheck', 'precheckk')), ...env.target], exit: 1, message: /:8:7: error: precheckk is not a step kind .*\[unknown-step\]/ },
  { category: A, name: 'apply without FILE', argv: cli(['apply']), exit: 1, message: /apply needs FILE, a plan file/ },
  { category: A, name: 'apply --step 0', argv: (env) => ['apply', planFile(env), ...env.target, '--step', '0'], exit: 1, message: /--step must be a step number \(1 or more\), not "0"/ },
  { category: A, name: 'apply --step and --from-step', argv: (env) => ['apply', planFile(env), ...env.target, '--step', '1', '--from-step', '1'], exit: 1, message: /--step and --from-step do not go together/ },
  { category: A, name: 'apply --step past the last step', argv: (env) => ['apply', planFile(env), ...env.target, '--step', '9'], exit: 1, message: /--step 9: the plan has 1 steps/ },
  { category: A, name: 'migrate --from', argv: cli(['migrate'], '-n', 'a', '--to', 'canary', '--from', '1-7-6'), exit: 1, message: /--from does not apply to migrate \(only to plan create\)/ },
  // Well-formed names of what does not exist: the plan refuses (1), verification fails (3) — after reads only.
  { category: A, name: 'plan create from a revision that does not exist', argv: cli(['plan', 'create'], '--from', '9-9-9', '--to', '1-8-0'), exit: 1, message: /9-9-9 is not a revision of sim-tags-prod-canary/ },
  { category: A, name: 'migrate a namespace that does not exist', argv: cli(['migrate'], '-n', 'nope', '--to', 'canary'), exit: 1, message: /Namespace not found in sim-tags-prod-canary: nope/ },
  { category: A, name: 'migrate to a revision or tag that does not exist', argv: cli(['migrate'], '-n', 'a', '--to', 'nope'), exit: 1, message: /"nope" is neither a revision nor a tag in sim-tags-prod-canary \(known: .*canary \(tag\), .*1-7-6, 1-8-0\)/ },
  { category: A, name: 'restart a namespace that does not exist', argv: cli(['restart'], '-n', 'nope'), exit: 1, message: /namespace not found: nope/ },
  { category: A, name: 'verify a namespace that does not exist', argv: cli(['verify'], '-n', 'nope'), exit: 3, message: /nope: FAIL — namespace not found/ },
  { category: A, name: 'tag move to a revision that does not exist', argv: cli(['tag', 'move', 'canary'], '--revision', '9-9-9'), exit: 1, message: /9-9-9/ },
  { category: A, name: 'remove a revision that does not exist', argv: cli(['remove-revision', '9-9-9']), exit: 1, message: /9-9-9/ },
  { category: A, name: 'switch a Service that does not exist', argv: cli(['gateway', 'switch'], '--service', 'istio-gateways/nope', '--to', 'istio-gateways/x'), exit: 1, message: /Service istio-gateways\/nope not found/ },
];
