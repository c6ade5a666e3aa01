/**
 * A plan's report as Markdown (pure): every step with its state, every attempt (runs and roll backs), every write
 * the engine made for it, and every verification — for a change review or an audit. Cluster strings are escaped.
 */
import * as l10n from '@vscode/l10n';
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
  const header = [l10n.t('Time'), l10n.t('Check'), l10n.t('Namespace'), l10n.t('Verdict'), l10n.t('Revision'), l10n.t('Version'), l10n.t('Pods on target'), l10n.t('Reason')];
  const out = [`| ${header.join(' | ')} |`, '|---|---|---|---|---|---|---|---|'];
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
  const out = [`## ${l10n.t('Step {0}: {1}', step.index, mdText(stepTitle(step)))}`, '', mdText(stateText(state, input.now))];
  const attempts = [...stepRuns(input.runs, input, step)].reverse();
  if (!attempts.length) return [...out, ''];
  for (const a of attempts) {
    out.push('', `### ${runLine(a)}`);
    if (a.plan?.summary) out.push('', mdText(a.plan.summary));
    if (a.error) out.push('', l10n.t('Error: {0}', mdText(a.error)));
    for (const w of a.warnings ?? []) out.push('', `⚠ ${mdText(w)}`);
    const engine = input.runs.filter((r) => r.plan?.stepRun === a.runId).reverse();
    for (const e of engine) {
      out.push('', `- ${runLine(e)}${e.stoppedAt && e.status !== 'completed' ? ` — stopped at ${mdText(e.stoppedAt)}` : ''}`);
      const table = writesTable(input.writes(e.runId));
      if (table.length) out.push('', ...table);
    }
    const vs = verificationTable(a.plan?.verifications ?? []);
    if (vs.length) out.push('', `**${l10n.t('Verifications')}**`, '', ...vs);
  }
  return [...out, ''];
}

export function planReport(input: ReportInput): string {
  const { plan } = input;
  const states = plan.steps.map((s) => ({ step: s, state: stepState(input.runs, input, s) }));
  const done = states.filter((s) => s.state.kind === 'done').length;
  const out = [
    `# ${l10n.t('Upgrade plan report: {0}', mdText(plan.name ?? input.path))}`,
    '',
    ...(plan.description ? [mdText(plan.description), ''] : []),
    `- ${l10n.t('Plan file: {0} (text hash {1})', mdCode(input.path), mdCode(input.hash))}`,
    `- ${l10n.t('Cluster: {0}, from {1} to {2}', `**${mdText(plan.context)}**`, mdCode(plan.from), mdCode(plan.to))}`,
    `- ${l10n.t('Steps done: {0} of {1}', done, plan.steps.length)}`,
    `- ${l10n.t('Report made {0} from the journal', mdText((input.now ?? new Date()).toISOString()))}`,
    '',
    `| # | ${l10n.t('Step')} | ${l10n.t('State')} |`,
    '|---|---|---|',
    ...states.map(({ step, state }) => `| ${step.index} | ${mdText(stepTitle(step))} | ${mdText(stateText(state, input.now))} |`),
    '',
  ];
  for (const { step, state } of states) out.push(...stepSection(input, step, state));
  return out.join('\n');
}
