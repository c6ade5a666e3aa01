/** The migration preview as Markdown (pure): labels before → after, restarts, what cannot be rolled, warnings. */
import type { InjectionLabels, MigrationPlan } from '../mesh/migrationPlan';
import type { NamespaceVerdict } from '../mesh/verification';
import type { MigrationOutcome } from '../upgrade/migrationRunner';
import { plural } from '../mesh/plural';
import { mdCode, mdCodeBlock, mdText } from '../mesh/markdownText';
import { ownerCell, ownerRouteMarkdown } from './ownerRouteMarkdown';

function labels(l: InjectionLabels): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.map(mdCode).join(' ') : '_none_';
}

const ICON = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

/** `sections`: more Markdown lines (the blast radius, the traffic gate) before the kubectl commands. */
export function planMarkdown(plan: MigrationPlan, mode: 'preview' | 'dry run' = 'preview', heading?: string, sections: readonly string[] = []): string {
  const t = plan.target;
  const out: string[] = [];
  out.push(`# ${heading ? mdText(heading) : `Migrate ${plural(plan.namespaces.length, 'namespace')} to ${mdText(t.name)}`}${mode === 'dry run' ? ' — dry run' : ''}`);
  out.push('');
  out.push(`Cluster: **${mdText(plan.context)}** · target: **${mdText(t.name)}** (${t.kind}${t.kind === 'tag' ? ` → revision ${mdText(t.revision)}` : ''}, Istio ${t.version ?? 'version unknown'})`);
  out.push('');
  const restarts = plan.namespaces.reduce((n, ns) => n + ns.restart.length, 0);
  const stale = plan.namespaces.reduce((n, ns) => n + ns.staleAfter, 0);
  out.push(`Steps: relabel → rollout restart ${plural(restarts, 'workload')} (${plural(stale, 'pod')} to replace) → wait for the rollouts → verify.`);
  out.push('');
  out.push('| Namespace | Owner | Labels before | Labels after | Restart | Cannot be rolled |');
  out.push('|---|---|---|---|---|---|');
  for (const ns of plan.namespaces) {
    out.push(`| ${mdText(ns.namespace)} | ${ownerCell(ns.owner)} | ${labels(ns.labelsBefore)} | ${ns.relabel ? labels(ns.labelsAfter) : '_unchanged_'} | ${ns.restart.map((r) => `${r.kind} ${mdText(r.name)}`).join(', ') || '—'} | ${ns.blocked.map((b) => `${b.kind} ${mdText(b.name)}`).join(', ') || '—'} |`);
  }
  if (plan.warnings.length) {
    out.push('', '## Checks', '');
    for (const w of plan.warnings) out.push(`- ${ICON[w.severity]} ${mdText(w.message)}`);
  } else {
    out.push('', '## Checks', '', '- ✔ Version skew: no warnings.');
  }
  for (const ns of plan.namespaces) {
    if (ns.ownerRoute) out.push('', ...ownerRouteMarkdown(ns.ownerRoute, `${ns.namespace}: the owner's way`));
  }
  out.push(...sections, '', '## The kubectl commands this replaces', '', ...mdCodeBlock('sh', plan.kubectl));
  return out.join('\n');
}

export function verdictMarkdown(context: string, verdicts: NamespaceVerdict[]): string {
  const out = [`# Verify — ${mdText(context)}`, ''];
  for (const v of verdicts) {
    const icon = v.verdict === 'pass' ? '✔' : v.verdict === 'warn' ? '⚠' : '✖';
    out.push(`## ${icon} ${mdText(v.namespace)} — ${v.verdict}${v.target ? ` (target ${mdText(v.target.revision)}${v.targetVersion ? ` ${v.targetVersion}` : ''})` : ''}`);
    if (v.reason) out.push('', mdText(v.reason));
    out.push('', '| Workload | Verdict | Pods on target |', '|---|---|---|');
    for (const w of v.workloads) out.push(`| ${w.kind} ${mdText(w.name)} | ${w.verdict} | ${w.onTarget}/${w.pods} |`);
    // Reasons are per pod and long: a list below the table keeps the table readable in a narrow editor.
    const explained = v.workloads.filter((w) => w.reasons.length > 0);
    if (explained.length) {
      out.push('', '### Why');
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
  const parts = [`${done}/${plural(outcome.namespaces.length, 'namespace')} ${outcome.status === 'dry run' ? 'checked (dry run, nothing changed)' : 'done and verified'}`];
  if (failed.length) parts.push(`failed: ${failed.map((n) => `${n.namespace} (${n.error ?? 'verification failed'})`).join('; ')}`);
  const notStarted = outcome.namespaces.filter((n) => n.status === 'not started' || n.status === 'cancelled');
  if (notStarted.length) parts.push(`not done: ${notStarted.map((n) => n.namespace).join(', ')}`);
  // The owner's doing, not ours: said as such.
  for (const n of outcome.namespaces) if (n.status === 'reverted' && n.error) parts.push(`${n.namespace}: ${n.error}`);
  return parts.join(' — ');
}
