/**
 * `plan create` (a plan written from the cluster, YAML on stdout), `plan check FILE` (its problems, compiler-style
 * or JSON; exit 1 on an error) and `plan report FILE` (Markdown from the journal).
 */
import { parseDuration } from '../plan/duration';
import { planHash } from '../plan/planIdentity';
import { checkPlan } from '../plan/planCheck';
import { createPlan } from '../plan/planCreate';
import { prometheusLocation } from '../kube/prometheus/prometheusDiscovery';
import { parsePrometheusUrl } from '../kube/prometheus/prometheusViaUrl';
import type { PlanProblem } from '../plan/planTypes';
import { planYaml } from '../plan/planYaml';
import { lineColumn } from '../plan/yamlTree';
import { readPlanFile, type PlanFile } from '../planRun/planFile';
import { readPlanModel } from '../planRun/planModel';
import { stepState } from '../planRun/stepState';
import type { Journal } from '../upgrade/journal';
import { planReport } from '../views/planReport';
import { RefusedError, UsageError } from './cliErrors';
import { kubeconfigContexts, openClusterAccess, openJournal, type AccessArgs } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';

export interface PlanArgs extends AccessArgs {
  file?: string;
  from?: string;
  to?: string;
  soak?: string;
  waveSize?: string;
  /** Where Prometheus is (plan create): the waves get the traffic gate. Default: looked for in the cluster. */
  prometheus?: string;
  journal?: string;
  output: 'table' | 'json';
}

export const PLAN_USAGE = `  plan create --from REV --to REV_OR_TAG [--soak DURATION] [--wave-size N] [--prometheus URL]
                              a plan written from the cluster (precheck, install if missing, tag moves, waves
                              small namespaces first and gateways last, gateway moves, removal) on stdout;
                              the waves get the traffic gate when Prometheus is found (or given)
  plan check FILE [-o json]   the plan's problems against the cluster (exit 1 on an error)
  plan report FILE            Markdown: every step, write and verification, from the journal
  apply FILE [--step N | --from-step N] [--dry-run] [-o json]
                              run the plan's steps in order (those done are skipped, an interrupted one resumes);
                              --step N runs exactly step N; stops at the first step that fails`;

export interface CheckedPlan {
  file: PlanFile;
  context: string;
  problems: PlanProblem[];
}

/** Steps the journal shows done (their effects are in the cluster already). */
export function doneSteps(file: PlanFile, journal: Journal): Set<number> {
  const runs = journal.runs();
  return new Set(file.plan.steps.filter((s) => stepState(runs, file, s).kind === 'done').map((s) => s.index));
}

/** Parses the file and checks it against `--context` (default: the plan's) as the cluster is now and the journal says. */
export async function checkPlanFile(args: AccessArgs & { file: string; journal?: string }): Promise<CheckedPlan> {
  const file = readPlanFile(args.file);
  const context = args.context ?? file.plan.context;
  const done = doneSteps(file, openJournal(args.journal));
  if (!context) return { file, context, problems: file.problems };
  const contexts = kubeconfigContexts(args);
  if (!contexts.includes(context)) {
    return { file, context, problems: [...file.problems, ...checkPlan({ text: file.text, plan: { ...file.plan, context }, contexts })] };
  }
  const access = openClusterAccess({ ...args, context });
  try {
    const model = await readPlanModel(access.client);
    return { file, context, problems: [...file.problems, ...checkPlan({ text: file.text, plan: { ...file.plan, context }, contexts, model, done })] };
  } finally {
    access.dispose();
  }
}

export function problemLines(file: PlanFile, problems: readonly PlanProblem[]): string[] {
  return [...problems].sort((a, b) => a.span.start - b.span.start).map((p) => {
    const { line, column } = lineColumn(file.text, p.span.start);
    return `${file.path}:${line + 1}:${column + 1}: ${p.severity}: ${p.message} [${p.code}]`;
  });
}

export function problemsJson(file: PlanFile, problems: readonly PlanProblem[]): unknown[] {
  return problems.map((p) => {
    const { line, column } = lineColumn(file.text, p.span.start);
    return { severity: p.severity, code: p.code, message: p.message, line: line + 1, column: column + 1, ...(p.step ? { step: p.step } : {}) };
  });
}

/** A --prometheus URL as the plan may show it: checked, and without the user and password it may carry. */
function shownPrometheusUrl(raw: string): string {
  try {
    return parsePrometheusUrl(raw).where;
  } catch (e) {
    throw new UsageError(`--prometheus: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function create(args: PlanArgs, io: CliIo): Promise<number> {
  if (!args.from || !args.to) throw new UsageError('plan create needs --from REV and --to REV_OR_TAG');
  const soakMs = args.soak === undefined ? undefined : parseDuration(args.soak);
  if (args.soak !== undefined && soakMs === undefined) throw new UsageError(`--soak ${JSON.stringify(args.soak)} is not a duration like 30s, 5m or 1h30m (at most 24h)`);
  const waveSize = args.waveSize === undefined ? undefined : Number(args.waveSize);
  if (waveSize !== undefined && (!Number.isInteger(waveSize) || waveSize < 1 || waveSize > 100)) throw new UsageError('--wave-size must be a whole number from 1 to 100');
  const given = args.prometheus === undefined ? undefined : shownPrometheusUrl(args.prometheus);
  const access = openClusterAccess(args);
  try {
    const [model, prometheus] = await Promise.all([readPlanModel(access.client), given ?? prometheusLocation(access.client)]);
    const r = createPlan(model.snapshot, model.gateways, args.from, args.to, { soakMs, waveSize, now: new Date(), prometheus });
    if (!r.ok) throw new RefusedError(r.error);
    io.out(planYaml(r.plan).replace(/\n$/, ''));
    return EXIT.ok;
  } finally {
    access.dispose();
  }
}

async function check(args: PlanArgs & { file: string }, io: CliIo): Promise<number> {
  const { file, context, problems } = await checkPlanFile(args);
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (args.output === 'json') {
    io.out(JSON.stringify({ file: file.path, context, errors, problems: problemsJson(file, problems) }, null, 2));
  } else {
    for (const l of problemLines(file, problems)) io.out(l);
    io.err(`${file.path}: ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} other finding${problems.length - errors === 1 ? '' : 's'} (against ${context || 'no context'})`);
  }
  return errors ? EXIT.usage : EXIT.ok;
}

function report(args: PlanArgs & { file: string }, io: CliIo): number {
  const file = readPlanFile(args.file);
  const journal = openJournal(args.journal);
  io.out(planReport({ path: file.path, hash: planHash(file.text), plan: file.plan, runs: journal.runs(), writes: (id) => journal.writes(id) }));
  return EXIT.ok;
}

export async function planCommand(sub: string, args: PlanArgs, io: CliIo): Promise<number> {
  if (sub === 'create') return create(args, io);
  if (sub !== 'check' && sub !== 'report') throw new UsageError(`unknown plan command ${JSON.stringify(sub)}: plan create | check | report`);
  if (!args.file) throw new UsageError(`plan ${sub} needs FILE`);
  return sub === 'check' ? check({ ...args, file: args.file }, io) : report({ ...args, file: args.file }, io);
}
