/** The migration preview as Markdown (pure): labels before → after, restarts, what cannot be rolled, warnings. */
import * as l10n from '@vscode/l10n';
import type { InjectionLabels, MigrationPlan } from '../mesh/migrationPlan';
import type { NamespaceVerdict } from '../mesh/verification';
import type { MigrationOutcome } from '../upgrade/migrationRunner';
import { countText } from './countText';
import { namespacesText } from './nodeText';
import { mdCode, mdCodeBlock, mdText } from '../mesh/markdownText';
import { ownerCell, ownerRouteMarkdown } from './ownerRouteMarkdown';

function labels(l: InjectionLabels): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.map(mdCode).join(' ') : `_${l10n.t('none')}_`;
}

const ICON = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

/** `sections`: more Markdown lines (the blast radius, the traffic gate) before the kubectl commands. */
export function planMarkdown(plan: MigrationPlan, mode: 'preview' | 'dry run' = 'preview', heading?: string, sections: readonly string[] = []): string {
  const t = plan.target;
  const out: string[] = [];
  const title = heading ? mdText(heading) : countText(plan.namespaces.length,
    (n) => l10n.t('Migrate {0} namespace to {1}', n, mdText(t.name)), (n) => l10n.t('Migrate {0} namespaces to {1}', n, mdText(t.name)));
  out.push(`# ${title}${mode === 'dry run' ? ` — ${l10n.t('dry run')}` : ''}`);
  out.push('');
  const target = t.kind === 'tag' ? `${t.kind} → ${l10n.t('revision {0}', mdText(t.revision))}` : t.kind;
  out.push(l10n.t('Cluster: {0} · target: {1} ({2}, Istio {3})', `**${mdText(plan.context)}**`, `**${mdText(t.name)}**`, target, t.version ?? l10n.t('version unknown')));
  out.push('');
  const restarts = plan.namespaces.reduce((n, ns) => n + ns.restart.length, 0);
  const stale = plan.namespaces.reduce((n, ns) => n + ns.staleAfter, 0);
  const workloads = countText(restarts, (n) => l10n.t('{0} workload', n), (n) => l10n.t('{0} workloads', n));
  const pods = countText(stale, (n) => l10n.t('{0} pod to replace', n), (n) => l10n.t('{0} pods to replace', n));
  out.push(l10n.t('Steps: relabel → rollout restart {0} ({1}) → wait for the rollouts → verify.', workloads, pods));
  out.push('');
  out.push(`| ${[l10n.t('Namespace'), l10n.t('Owner'), l10n.t('Labels before'), l10n.t('Labels after'), l10n.t('Restart'), l10n.t('Cannot be rolled')].join(' | ')} |`);
  out.push('|---|---|---|---|---|---|');
  for (const ns of plan.namespaces) {
    out.push(`| ${mdText(ns.namespace)} | ${ownerCell(ns.owner)} | ${labels(ns.labelsBefore)} | ${ns.relabel ? labels(ns.labelsAfter) : `_${l10n.t('unchanged')}_`} | ${ns.restart.map((r) => `${r.kind} ${mdText(r.name)}`).join(', ') || '—'} | ${ns.blocked.map((b) => `${b.kind} ${mdText(b.name)}`).join(', ') || '—'} |`);
  }
  if (plan.warnings.length) {
    out.push('', `## ${l10n.t('Checks')}`, '');
    for (const w of plan.warnings) out.push(`- ${ICON[w.severity]} ${mdText(w.message)}`);
  } else {
    out.push('', `## ${l10n.t('Checks')}`, '', `- ✔ ${l10n.t('Version skew: no warnings.')}`);
  }
  for (const ns of plan.namespaces) {
    if (ns.ownerRoute) out.push('', ...ownerRouteMarkdown(ns.ownerRoute, l10n.t('{0}: the owner\'s way', ns.namespace)));
  }
  out.push(...sections, '', `## ${l10n.t('The kubectl commands this replaces')}`, '', ...mdCodeBlock('sh', plan.kubectl));
  return out.join('\n');
}

export function verdictMarkdown(context: string, verdicts: NamespaceVerdict[]): string {
  const out = [`# ${l10n.t('Verify — {0}', mdText(context))}`, ''];
  for (const v of verdicts) {
    const icon = v.verdict === 'pass' ? '✔' : v.verdict === 'warn' ? '⚠' : '✖';
    const target = v.target ? ` (${l10n.t('target {0}', `${mdText(v.target.revision)}${v.targetVersion ? ` ${v.targetVersion}` : ''}`)})` : '';
    out.push(`## ${icon} ${mdText(v.namespace)} — ${v.verdict}${target}`);
    if (v.reason) out.push('', mdText(v.reason));
    out.push('', `| ${l10n.t('Workload')} | ${l10n.t('Verdict')} | ${l10n.t('Pods on target')} |`, '|---|---|---|');
    for (const w of v.workloads) out.push(`| ${w.kind} ${mdText(w.name)} | ${w.verdict} | ${w.onTarget}/${w.pods} |`);
    // Reasons are per pod and long: a list below the table keeps the table readable in a narrow editor.
    const explained = v.workloads.filter((w) => w.reasons.length > 0);
    if (explained.length) {
      out.push('', `### ${l10n.t('Why')}`);
      for (const w of explained) {
        out.push('', `**${w.kind} ${mdText(w.name)}**`, '');
        for (const r of w.reasons) out.push(`- ${mdText(r)}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

export function outcomeSummary(outcome: MigrationOutcome): string {
  const done = outcome.namespaces.filter((n) => n.status === 'done' || n.status === 'dry run').length;
  const failed = outcome.namespaces.filter((n) => n.status === 'failed');
  const count = `${done}/${namespacesText(outcome.namespaces.length)}`;
  const parts = [outcome.status === 'dry run' ? l10n.t('{0} checked (dry run, nothing changed)', count) : l10n.t('{0} done and verified', count)];
  if (failed.length) parts.push(l10n.t('failed: {0}', failed.map((n) => `${n.namespace} (${n.error ?? l10n.t('verification failed')})`).join('; ')));
  const notStarted = outcome.namespaces.filter((n) => n.status === 'not started' || n.status === 'cancelled');
  if (notStarted.length) parts.push(l10n.t('not done: {0}', notStarted.map((n) => n.namespace).join(', ')));
  // The owner's doing, not ours: said as such.
  for (const n of outcome.namespaces) if (n.status === 'reverted' && n.error) parts.push(`${n.namespace}: ${n.error}`);
  return parts.join(' — ');
}
