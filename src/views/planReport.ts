/**
 * A plan's report as Markdown (pure): every step with its state, every attempt (runs and roll backs), every write
 * the engine made for it, and every verification — for a change review or an audit. Cluster strings are escaped.
 */
import { mdCode, mdText } from '../mesh/markdownText';
import { stepTitle } from '../plan/planIdentity';
import type { PlanStep, UpgradePlan } from '../plan/planTypes';
import { stateText, stepRuns, stepState, type StepState } from '../planRun/stepState';
import type { JournalWrite, PlanVerification, RunRecord } from '../upgrade/journal';
import { writesTable } from './journalWrites';

export interface ReportInput {
  path: string;
  hash: string;
  plan: UpgradePlan;
  /** Journal.runs(): newest first. */
  runs: readonly RunRecord[];
  writes: (runId: string) => JournalWrite[];
  now?: Date;
}

function verificationTable(vs: readonly PlanVerification[]): string[] {
  if (!vs.length) return [];
  const out = ['| Time | Check | Namespace | Verdict | Revision | Version | Pods on target | Reason |', '|---|---|---|---|---|---|---|---|'];
  for (const v of vs) {
    out.push(`| ${mdText(v.at)} | ${mdText(v.gate)} | ${mdText(v.namespace)} | ${v.verdict === 'pass' ? '✔ pass' : v.verdict === 'warn' ? '⚠ warn' : '✖ fail'} | ${mdText(v.revision ?? '—')} | ${mdText(v.version ?? '—')} | ${v.onTarget}/${v.pods} | ${mdText(v.reason ?? '')} |`);
  }
  return out;
}

function runLine(r: RunRecord): string {
  const when = `${mdText(r.started)}${r.ended ? ` – ${mdText(r.ended)}` : ''}`;
  const who = r.owner ? ` by ${mdText(`${r.owner.user}@${r.owner.host}`)}` : '';
  const what = r.command === 'plan-step' ? (r.plan?.action === 'rollback' ? 'roll back' : 'run') : `${r.command}${r.target ? ` → ${mdText(r.target)}` : ''}`;
  return `${what} ${mdCode(r.runId)} · **${r.status}** · ${when}${who}${r.rollbackOf ? ` (undoes ${mdCode(r.rollbackOf)})` : ''}`;
}

function stepSection(input: ReportInput, step: PlanStep, state: StepState): string[] {
  const out = [`## Step ${step.index}: ${mdText(stepTitle(step))}`, '', mdText(stateText(state, input.now))];
  const attempts = [...stepRuns(input.runs, input, step)].reverse();
  if (!attempts.length) return [...out, ''];
  for (const a of attempts) {
    out.push('', `### ${runLine(a)}`);
    if (a.plan?.summary) out.push('', mdText(a.plan.summary));
    if (a.error) out.push('', `Error: ${mdText(a.error)}`);
    for (const w of a.warnings ?? []) out.push('', `⚠ ${mdText(w)}`);
    const engine = input.runs.filter((r) => r.plan?.stepRun === a.runId).reverse();
    for (const e of engine) {
      out.push('', `- ${runLine(e)}${e.stoppedAt && e.status !== 'completed' ? ` — stopped at ${mdText(e.stoppedAt)}` : ''}`);
      const table = writesTable(input.writes(e.runId));
      if (table.length) out.push('', ...table);
    }
    const vs = verificationTable(a.plan?.verifications ?? []);
    if (vs.length) out.push('', '**Verifications**', '', ...vs);
  }
  return [...out, ''];
}

export function planReport(input: ReportInput): string {
  const { plan } = input;
  const states = plan.steps.map((s) => ({ step: s, state: stepState(input.runs, input, s) }));
  const done = states.filter((s) => s.state.kind === 'done').length;
  const out = [
    `# Upgrade plan report: ${mdText(plan.name ?? input.path)}`,
    '',
    ...(plan.description ? [mdText(plan.description), ''] : []),
    `- Plan file: ${mdCode(input.path)} (text hash ${mdCode(input.hash)})`,
    `- Cluster: **${mdText(plan.context)}**, from ${mdCode(plan.from)} to ${mdCode(plan.to)}`,
    `- Steps done: ${done} of ${plan.steps.length}`,
    `- Report made ${mdText((input.now ?? new Date()).toISOString())} from the journal`,
    '',
    '| # | Step | State |',
    '|---|---|---|',
    ...states.map(({ step, state }) => `| ${step.index} | ${mdText(stepTitle(step))} | ${mdText(stateText(state, input.now))} |`),
    '',
  ];
  for (const { step, state } of states) out.push(...stepSection(input, step, state));
  return out.join('\n');
}
