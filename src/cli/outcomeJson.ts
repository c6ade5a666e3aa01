/** The `-o json` shape of migrate / restart / rollback / verify results (documented in the README). */
import type { MigrationPlan, PlanWarning } from '../mesh/migrationPlan';
import type { NamespaceVerdict } from '../mesh/verification';
import type { MigrationOutcome } from '../upgrade/migrationRunner';
import { gateJson, gateTextLines } from './gateOutput';

export function verdictJson(v: NamespaceVerdict) {
  return {
    namespace: v.namespace,
    verdict: v.verdict,
    revision: v.target?.revision ?? null,
    via: v.target?.via ?? null,
    tag: v.target?.tag ?? null,
    version: v.targetVersion ?? null,
    reason: v.reason ?? null,
    workloads: v.workloads.map((w) => ({ kind: w.kind, name: w.name, verdict: w.verdict, pods: w.pods, onTarget: w.onTarget, reasons: w.reasons })),
  };
}

export function outcomeJson(context: string, outcome: MigrationOutcome, plan?: MigrationPlan, warnings: PlanWarning[] = []) {
  return {
    context,
    runId: outcome.runId ?? null,
    status: outcome.status,
    target: plan ? { name: plan.target.name, kind: plan.target.kind, revision: plan.target.revision, version: plan.target.version ?? null } : null,
    warnings: [
      ...warnings.map((w) => ({ severity: w.severity, namespace: w.namespace ?? null, message: w.message })),
      ...(outcome.warnings ?? []).map((message) => ({ severity: 'warning' as const, namespace: null, message })),
    ],
    namespaces: outcome.namespaces.map((n) => ({
      namespace: n.namespace,
      status: n.status,
      relabel: n.relabel ? { changed: n.relabel.changed, before: n.relabel.before, after: n.relabel.after } : null,
      restarted: n.restarted.map((r) => `${r.kind}/${r.name}`),
      stuck: n.stuck,
      verify: n.verdict ? verdictJson(n.verdict) : null,
      gate: n.gate ? gateJson(n.gate) : null,
      error: n.error ?? null,
      reverted: n.reverted ? { by: n.reverted.by, labels: n.reverted.labels, manager: n.reverted.manager ?? null, at: n.reverted.at } : null,
    })),
  };
}

export function outcomeText(outcome: MigrationOutcome): string {
  const lines = [`status: ${outcome.status}${outcome.runId ? ` (run ${outcome.runId})` : ''}`, ...(outcome.warnings ?? []).map((w) => `  warning: ${w}`)];
  for (const n of outcome.namespaces) {
    const parts = [`${n.namespace}: ${n.status}`];
    if (n.relabel) parts.push(n.relabel.changed ? `labels ${JSON.stringify(n.relabel.before)} → ${JSON.stringify(n.relabel.after)}` : 'labels unchanged');
    if (n.restarted.length) parts.push(`restarted ${n.restarted.map((r) => `${r.kind.toLowerCase()}/${r.name}`).join(', ')}`);
    if (n.verdict) parts.push(`verify ${n.verdict.verdict}`);
    if (n.error) parts.push(n.error);
    lines.push(`  ${parts.join(' · ')}`);
    if (n.gate) lines.push(...gateTextLines(n.gate));
  }
  return lines.join('\n');
}

export function verdictText(verdicts: NamespaceVerdict[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    lines.push(`${v.namespace}: ${v.verdict.toUpperCase()}${v.target ? ` (target ${v.target.revision}${v.targetVersion ? ` ${v.targetVersion}` : ''})` : ''}${v.reason ? ` — ${v.reason}` : ''}`);
    for (const w of v.workloads) lines.push(`  ${w.verdict.padEnd(4)} ${w.kind}/${w.name}: ${w.reasons.join('; ')}`);
  }
  return lines.join('\n');
}
