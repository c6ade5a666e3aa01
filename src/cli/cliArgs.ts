/**
 * Argument checks that run before any file or cluster is touched: every name has Kubernetes' syntax (so
 * `--namespace .` never becomes a request for `/api/v1/namespaces/./pods`), no option is given an empty value
 * (`--context ''` is not "no context"), and no option or argument is given to a command that would ignore it.
 */
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isValidLabelValue } from '../mesh/labelValue';
import { webhookNameProblem } from '../mesh/tagOptions';
import { UsageError } from './cliErrors';

export type OptionValue = string | boolean | (string | boolean)[] | undefined;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, OptionValue>;
  /** The options as typed (parseArgs tokens), so a default value is not mistaken for a given one. */
  given: string[];
}

/** Options only some commands take; every other option is common to all. Keys: "migrate", "tag set", … */
const ONLY_FOR: Record<string, readonly string[]> = {
  namespace: ['migrate', 'restart', 'verify', 'rollback'],
  to: ['migrate', 'gateway switch', 'plan create'],
  from: ['plan create'],
  'wave-size': ['plan create'],
  step: ['apply'],
  'from-step': ['apply'],
  run: ['rollback', 'resume', 'journal', 'journal check', 'gateway switch-back'],
  expect: ['verify'],
  'relabel-only': ['migrate'],
  concurrency: ['migrate'],
  'stop-on-failure': ['migrate'],
  gate: ['migrate'],
  prometheus: ['migrate', 'apply', 'plan create'],
  soak: ['migrate', 'plan create'],
  'gate-window': ['migrate', 'apply'],
  'max-5xx-increase': ['migrate', 'apply'],
  'max-p99-ratio': ['migrate', 'apply'],
  'min-requests': ['migrate', 'apply'],
  'gate-undecided': ['migrate', 'apply'],
  force: ['migrate', 'rollback'],
  syncz: ['migrate', 'verify'],
  all: ['restart'],
  'dry-run': ['migrate', 'restart', 'rollback', 'resume', 'tag set', 'tag move', 'tag remove', 'gateway switch', 'gateway switch-back', 'remove-revision', 'webhooks fix', 'apply'],
  'rollout-timeout': ['migrate', 'restart', 'rollback', 'resume', 'apply'],
  revision: ['tag set', 'tag move'],
  overwrite: ['tag set'],
  'webhook-name': ['tag set', 'tag move'],
  'auto-inject-namespaces': ['tag set', 'tag move'],
  service: ['gateway switch'],
  'ignore-owner': ['migrate', 'tag set', 'tag move', 'tag remove', 'remove-revision', 'gateway switch'],
};

/** Positional arguments each command takes, the command words included. */
const POSITIONALS: Record<string, number> = {
  status: 1, migrate: 1, restart: 1, verify: 1, rollback: 1, resume: 1, journal: 1, 'journal check': 2, precheck: 1,
  'tag set': 3, 'tag move': 3, 'tag remove': 3, 'tag list': 2,
  'gateway list': 2, 'gateway switch': 2, 'gateway switch-back': 2, 'remove-revision': 2,
  webhooks: 1, 'webhooks check': 2, 'webhooks fix': 2,
  'plan create': 2, 'plan check': 3, 'plan report': 3, apply: 2,
};

const SUB_ALIASES: Record<string, string> = { delete: 'remove', show: 'list' };

/** "migrate", "tag set", "gateway switch" … or undefined when the command words are unknown (the command says so). */
export function commandKey(positionals: readonly string[]): string | undefined {
  const [command, sub] = positionals;
  const key = command === 'tag' || command === 'gateway' || command === 'plan' ? `${command} ${SUB_ALIASES[sub ?? ''] ?? sub ?? ''}`
    : command === 'journal' && sub === 'check' ? 'journal check'
      : command === 'webhooks' && sub !== undefined ? `webhooks ${sub}` : command;
  return key !== undefined && key in POSITIONALS ? key : undefined;
}

/** A value as the message quotes it: control characters escaped, a huge value cut. */
function quoted(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}… (${value.length} characters)` : value;
  return JSON.stringify(shown);
}

const DNS_LABEL = "a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit";
const LABEL_VALUE = "a valid label value: letters, digits, '-', '_' and '.', at most 63 characters, starting and ending with a letter or digit";
const SERVICE_NAME = "a DNS-1035 label: lower-case letters, digits and '-', at most 63 characters, starting with a letter";
const OBJECT_NAME = "a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters";
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function check(ok: boolean, what: string, value: string, rule: string): void {
  if (!ok) throw new UsageError(`${what} ${quoted(value)} is not ${rule}`);
}

/** `NAMESPACE/NAME` with each part checked. */
export function checkRef(value: string, flag: string, nameOk: (v: string) => boolean, nameRule: string): void {
  const parts = value.split('/');
  if (parts.length !== 2) throw new UsageError(`${flag} ${quoted(value)} must be NAMESPACE/NAME`);
  check(isDns1123Label(parts[0]), `${flag}: namespace`, parts[0], DNS_LABEL);
  check(nameOk(parts[1]), `${flag}: name`, parts[1], nameRule);
}

/** `-n a,b -n c` → [a, b, c]: each a namespace name, duplicates dropped (one run touches a namespace once). */
export function namespaceList(values: readonly string[] | undefined): string[] {
  const names = (values ?? []).flatMap((v) => v.split(',')).map((n) => n.trim());
  for (const n of names) {
    if (n === '') throw new UsageError(`--namespace has an empty name in ${quoted((values ?? []).join(','))}`);
    check(isDns1123Label(n), '--namespace', n, `a namespace name (${DNS_LABEL})`);
  }
  return [...new Set(names)];
}

function checkEmptyValues(values: Record<string, OptionValue>): void {
  for (const [name, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : [value];
    if (!list.some((v) => typeof v === 'string' && v.trim() === '')) continue;
    if (name === 'context') throw new UsageError("--context '' is empty: give a context name, or leave --context out to use the current context");
    if (name === 'namespace') continue; // namespaceList names the empty entry
    throw new UsageError(`--${name} is empty: give it a value, or leave it out`);
  }
}

function checkApplicable(key: string, args: ParsedArgs): void {
  for (const name of new Set(args.given)) {
    const only = ONLY_FOR[name];
    if (only && !only.includes(key)) throw new UsageError(`--${name} does not apply to ${key} (only to ${only.join(', ')})`);
  }
  const extra = args.positionals.slice(POSITIONALS[key]);
  if (extra.length) throw new UsageError(`${key} takes no argument ${quoted(extra[0])}${extra.length > 1 ? ` (nor ${extra.length - 1} more)` : ''}`);
}

function str(v: OptionValue): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Throws a UsageError naming the first bad argument. Unknown commands are left to the command dispatch. */
export function checkArgs(args: ParsedArgs): void {
  const v = args.values;
  checkEmptyValues(v);
  const key = commandKey(args.positionals);
  if (!key) return;
  checkApplicable(key, args);
  const to = str(v.to);
  if (to !== undefined && (key === 'migrate' || key === 'plan create')) check(isValidLabelValue(to), '--to', to, `a revision or tag name (${LABEL_VALUE})`);
  const from = str(v.from);
  if (from !== undefined) check(isValidLabelValue(from), '--from', from, `a revision name (${LABEL_VALUE})`);
  if (to !== undefined && key === 'gateway switch') checkRef(to, '--to', isDns1123Subdomain, `a Deployment name (${OBJECT_NAME})`);
  const service = str(v.service);
  if (service !== undefined) checkRef(service, '--service', isDns1035Label, `a Service name (${SERVICE_NAME})`);
  const expect = str(v.expect);
  if (expect !== undefined) check(isValidLabelValue(expect), '--expect', expect, `a revision name (${LABEL_VALUE})`);
  const revision = str(v.revision);
  if (revision !== undefined) check(isValidLabelValue(revision), '--revision', revision, `a revision name (${LABEL_VALUE})`);
  const run = str(v.run);
  if (run !== undefined) check(RUN_ID.test(run), '--run', run, "a run id (letters, digits, '.', '_' and '-', as `journal` lists them)");
  const webhook = str(v['webhook-name']);
  const badWebhook = webhook === undefined ? undefined : webhookNameProblem(webhook);
  if (badWebhook) throw new UsageError(badWebhook);
  const positional = args.positionals[key.startsWith('tag ') ? 2 : 1];
  if (positional === undefined) return;
  if (key.startsWith('tag ')) check(isDns1123Label(positional), 'tag', positional, `a tag name (${DNS_LABEL})`);
  if (key === 'remove-revision') check(isValidLabelValue(positional) && positional !== '', 'revision', positional, `a revision name (${LABEL_VALUE})`);
}
