/** The traffic gate's and the blast radius's part of `migrate`'s output: text lines and the `-o json` shapes (README). */
import type { BlastRadius } from '../mesh/blastRadius';
import {
  errorPercent, formatCount, formatMs, formatPercent, type NamespaceGateResult, type TrafficReading,
} from '../mesh/trafficGate';

function readingJson(r: TrafficReading | undefined) {
  return r ? { requests: r.requests, errors: r.errors, errorPercent: errorPercent(r) ?? null, p99Ms: r.p99Ms ?? null } : null;
}

export function gateJson(g: NamespaceGateResult) {
  return {
    verdict: g.verdict, decision: g.decision ?? null, error: g.error ?? null, prometheus: g.prometheus,
    windowSeconds: g.windowSeconds, soakSeconds: g.soakSeconds, thresholds: g.thresholds,
    baselineAt: g.baselineAt, measuredAt: g.measuredAt ?? null,
    workloads: g.workloads.map((w) => ({ kind: w.kind, name: w.name, verdict: w.verdict, reasons: w.reasons, before: readingJson(w.before), after: readingJson(w.after) })),
  };
}

/** `cart: 5xx 0.10 % → 5.10 % · p99 77 ms → 79 ms · 3,000 → 600 requests — breach: …` per workload. */
export function gateTextLines(g: NamespaceGateResult): string[] {
  const head = `    traffic gate: ${g.verdict === 'insufficient' ? 'not enough traffic to judge' : g.verdict}${g.decision ? ` (${g.decision})` : ''}${g.error ? ` — ${g.error}` : ''}`;
  return [head, ...g.workloads.map((w) => {
    const figures = `5xx ${formatPercent(errorPercent(w.before))} → ${formatPercent(errorPercent(w.after))} · p99 ${formatMs(w.before?.p99Ms)} → ${formatMs(w.after?.p99Ms)} · ${formatCount(w.before?.requests)} → ${formatCount(w.after?.requests)} requests`;
    return `      ${w.kind.toLowerCase()}/${w.name}: ${figures} — ${w.verdict}${w.verdict === 'pass' ? '' : `: ${w.reasons.join('; ')}`}`;
  })];
}

export function blastRadiusJson(r: BlastRadius) {
  return { findings: r.findings.map((f) => ({ kind: f.kind, severity: f.severity, namespace: f.namespace, objects: f.objects, message: f.message, advice: f.advice })), problems: r.problems };
}

export function blastRadiusLines(r: BlastRadius): string[] {
  return [
    ...r.findings.map((f) => `blast radius ${f.severity}: ${f.message} What to do: ${f.advice}`),
    ...r.problems.map((p) => `blast radius unknown: ${p}`),
  ];
}
