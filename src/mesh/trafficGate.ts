/**
 * The traffic gate's judgement (pure; istio-model.md M16.1): a migrated workload's 5xx rate and p99 latency after its
 * restart (plus a soak) compared with a baseline before it. A breach of the thresholds fails the namespace; too few
 * requests on either side is "not enough traffic to judge", never a pass.
 */
import type { WorkloadKindName } from './model';

/** What Prometheus said about one workload over one window. */
export interface TrafficReading {
  requests: number;
  errors: number;
  /** p99 request duration in ms; undefined when Prometheus had no histogram (NaN) for the window. */
  p99Ms?: number;
}

export interface GateThresholds {
  /** Largest allowed rise of the 5xx rate, in percentage points (default 1). */
  maxErrorRateIncrease: number;
  /** Largest allowed p99 after / p99 before (default 1.5)… */
  maxLatencyRatio: number;
  /** …counted only when p99 also rose by at least this many ms (default 10): a 2 → 3.1 ms p99 is noise, not a breach. */
  minLatencyIncreaseMs: number;
  /** Fewer requests than this in a window (before or after) cannot be judged (default 100). */
  minRequests: number;
}

export const DEFAULT_GATE_THRESHOLDS: Readonly<GateThresholds> = Object.freeze({
  maxErrorRateIncrease: 1, maxLatencyRatio: 1.5, minLatencyIncreaseMs: 10, minRequests: 100,
});

export type WorkloadGateVerdict = 'pass' | 'breach' | 'insufficient';

/** `unknown`: Prometheus could not be read; `insufficient`: too little traffic (or no histogram) to judge. */
export type GateVerdict = WorkloadGateVerdict | 'unknown';

export interface WorkloadTraffic {
  namespace: string;
  kind: WorkloadKindName;
  name: string;
  before?: TrafficReading;
  after?: TrafficReading;
  verdict: WorkloadGateVerdict;
  /** Why, one short sentence each (the figures and the limit they broke). */
  reasons: string[];
}

export interface NamespaceGateResult {
  namespace: string;
  verdict: GateVerdict;
  workloads: WorkloadTraffic[];
  /** Why Prometheus could not be read (`unknown`). */
  error?: string;
  /** Where Prometheus was read. */
  prometheus: string;
  windowSeconds: number;
  soakSeconds: number;
  thresholds: GateThresholds;
  baselineAt: string;
  measuredAt?: string;
  /** When the gate could not judge: whether the run went on (the user or `--gate-undecided continue`) or stopped. */
  decision?: 'continued' | 'stopped';
}

/** The 5xx share in percent, or undefined without requests. */
export function errorPercent(r: TrafficReading | undefined): number | undefined {
  return r && r.requests > 0 ? (r.errors / r.requests) * 100 : undefined;
}

export function formatPercent(p: number | undefined): string {
  if (p === undefined) return '—';
  return `${p < 10 ? p.toFixed(2) : p.toFixed(1)} %`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export function formatCount(n: number | undefined): string {
  return n === undefined ? '—' : Math.round(n).toLocaleString('en-US');
}

function window(side: 'before' | 'after'): string {
  return side === 'before' ? 'before the restart' : 'after the restart';
}

/** The verdict on one workload, with the figures that decided it. */
export function judgeWorkload(before: TrafficReading | undefined, after: TrafficReading | undefined, t: GateThresholds): { verdict: WorkloadGateVerdict; reasons: string[] } {
  const breaches: string[] = [];
  const unsure: string[] = [];
  for (const [side, r] of [['before', before], ['after', after]] as const) {
    if (!r || r.requests < t.minRequests) unsure.push(`${formatCount(r?.requests ?? 0)} requests ${window(side)}, fewer than ${t.minRequests}: not enough traffic to judge`);
  }
  const eb = errorPercent(before);
  const ea = errorPercent(after);
  if (unsure.length === 0 && eb !== undefined && ea !== undefined && ea - eb > t.maxErrorRateIncrease) {
    breaches.push(`5xx ${formatPercent(eb)} → ${formatPercent(ea)} (+${(ea - eb).toFixed(2)} pp, limit +${t.maxErrorRateIncrease} pp)`);
  }
  const pb = before?.p99Ms;
  const pa = after?.p99Ms;
  if (unsure.length === 0) {
    if (pb === undefined || pa === undefined) unsure.push(`p99 unknown ${pb === undefined ? window('before') : window('after')} (no latency histogram)`);
    else if (pa > pb * t.maxLatencyRatio && pa - pb >= t.minLatencyIncreaseMs) {
      breaches.push(`p99 ${formatMs(pb)} → ${formatMs(pa)} (×${(pa / pb).toFixed(2)}, limit ×${t.maxLatencyRatio})`);
    }
  }
  if (breaches.length) return { verdict: 'breach', reasons: breaches };
  if (unsure.length) return { verdict: 'insufficient', reasons: unsure };
  return { verdict: 'pass', reasons: [`5xx ${formatPercent(eb)} → ${formatPercent(ea)}, p99 ${formatMs(pb)} → ${formatMs(pa)}`] };
}

const RANK: Record<GateVerdict, number> = { breach: 3, unknown: 2, insufficient: 1, pass: 0 };

/** The worst of several verdicts (a breach anywhere is a breach); `pass` for none. */
export function worstVerdict(verdicts: readonly GateVerdict[]): GateVerdict {
  return verdicts.reduce<GateVerdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'pass');
}

/** One line per namespace for progress, logs and the CLI: what the gate saw, led by what broke. */
export function gateLine(r: NamespaceGateResult): string {
  if (r.verdict === 'unknown') return `traffic gate unknown: ${r.error ?? 'Prometheus could not be read'}`;
  const worst = r.workloads.filter((w) => w.verdict === r.verdict);
  const shown = (worst.length ? worst : r.workloads).map((w) => `${w.name}: ${w.reasons.join('; ')}`);
  const label = r.verdict === 'insufficient' ? 'not enough traffic to judge' : r.verdict;
  return `traffic gate ${label} — ${shown.join(' · ') || 'no workload measured'}`;
}
