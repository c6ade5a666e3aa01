/**
 * The traffic gate of a run (issue 16): per namespace, a baseline of the workloads it restarts, read from
 * Prometheus before the restart; after the rollouts are verified, a soak, the same figures over the soak, and the
 * judgement of src/mesh/trafficGate.ts. Prometheus failures make the gate `unknown`, never a pass; what happens
 * then (and when there is not enough traffic) is the front end's `decide`.
 */
import type { PrometheusClient, PromSample } from '../kube/prometheus/prometheusClient';
import { sleep } from '../kube/retryPolicy';
import { errorsQuery, p99Query, requestsQuery } from '../mesh/gateQueries';
import type { WorkloadRef } from '../mesh/migrationPlan';
import {
  judgeWorkload, worstVerdict, type GateThresholds, type NamespaceGateResult, type TrafficReading, type WorkloadTraffic,
} from '../mesh/trafficGate';
import { UpgradeError, errorMessage } from './upgradeErrors';

export interface GateBaseline {
  namespace: string;
  workloads: WorkloadRef[];
  at: Date;
  readings?: Map<string, TrafficReading>;
  /** Prometheus could not be read for the baseline. */
  error?: string;
}

export type GateDecision = 'continue' | 'stop';

export interface NamespaceGate {
  /** Where Prometheus is, for messages. */
  readonly where: string;
  readonly soakSeconds: number;
  baseline(namespace: string, workloads: WorkloadRef[], signal: AbortSignal): Promise<GateBaseline>;
  /** Soak, measure, judge. Throws only when cancelled. */
  judge(baseline: GateBaseline, signal: AbortSignal): Promise<NamespaceGateResult>;
  /** Asked when the gate cannot judge (not enough traffic, Prometheus unreadable). */
  decide(result: NamespaceGateResult): Promise<GateDecision>;
}

export interface TrafficGateOptions {
  prometheus: PrometheusClient;
  thresholds: GateThresholds;
  /** The baseline's range before the restart (default 300 s). */
  windowSeconds?: number;
  /** How long after the verified rollouts the new proxies serve before they are judged, and the range judged (default 60 s). */
  soakSeconds?: number;
  decide: (result: NamespaceGateResult) => Promise<GateDecision>;
  now?: () => Date;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function byWorkload(samples: PromSample[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    const w = s.metric.destination_workload;
    if (w !== undefined && !Number.isNaN(s.value)) out.set(w, (out.get(w) ?? 0) + s.value);
  }
  return out;
}

/** The three figures of every workload of a namespace over `[at - seconds, at]`: three queries. */
export async function readTraffic(prometheus: PrometheusClient, namespace: string, seconds: number, at: Date, signal?: AbortSignal): Promise<Map<string, TrafficReading>> {
  const [requests, errors, p99] = await Promise.all([
    prometheus.query(requestsQuery(namespace, seconds), at, signal),
    prometheus.query(errorsQuery(namespace, seconds), at, signal),
    prometheus.query(p99Query(namespace, seconds), at, signal),
  ]);
  const r = byWorkload(requests);
  const e = byWorkload(errors);
  const p = new Map(p99.flatMap((s) => (s.metric.destination_workload !== undefined && Number.isFinite(s.value) ? [[s.metric.destination_workload, s.value] as const] : [])));
  const out = new Map<string, TrafficReading>();
  for (const name of new Set([...r.keys(), ...e.keys(), ...p.keys()])) {
    const reading: TrafficReading = { requests: r.get(name) ?? 0, errors: e.get(name) ?? 0 };
    const p99Ms = p.get(name);
    if (p99Ms !== undefined) reading.p99Ms = p99Ms;
    out.set(name, reading);
  }
  return out;
}

function cancelledOr(e: unknown, signal: AbortSignal): string {
  if (signal.aborted) throw new UpgradeError('cancelled', 'cancelled while reading Prometheus');
  return errorMessage(e);
}

export function createTrafficGate(o: TrafficGateOptions): NamespaceGate {
  const windowSeconds = o.windowSeconds ?? 300;
  const soakSeconds = o.soakSeconds ?? 60;
  const now = o.now ?? (() => new Date());
  const wait = o.wait ?? sleep;
  const result = (b: GateBaseline, fields: Partial<NamespaceGateResult> & Pick<NamespaceGateResult, 'verdict' | 'workloads'>): NamespaceGateResult => ({
    namespace: b.namespace, prometheus: o.prometheus.where, windowSeconds, soakSeconds, thresholds: o.thresholds,
    baselineAt: b.at.toISOString(), ...fields,
  });
  return {
    where: o.prometheus.where,
    soakSeconds,
    decide: o.decide,
    async baseline(namespace, workloads, signal) {
      const at = now();
      try {
        return { namespace, workloads, at, readings: await readTraffic(o.prometheus, namespace, windowSeconds, at, signal) };
      } catch (e) {
        return { namespace, workloads, at, error: cancelledOr(e, signal) };
      }
    },
    async judge(b, signal) {
      if (b.error) return result(b, { verdict: 'unknown', workloads: [], error: `baseline: ${b.error}` });
      try {
        await wait(soakSeconds * 1000, signal);
      } catch {
        throw new UpgradeError('cancelled', `${b.namespace}: cancelled during the traffic gate's soak`);
      }
      const at = now();
      let after: Map<string, TrafficReading>;
      try {
        after = await readTraffic(o.prometheus, b.namespace, soakSeconds, at, signal);
      } catch (e) {
        return result(b, { verdict: 'unknown', workloads: [], error: cancelledOr(e, signal), measuredAt: at.toISOString() });
      }
      const workloads: WorkloadTraffic[] = b.workloads.map((ref) => {
        const before = b.readings?.get(ref.name);
        const now = after.get(ref.name);
        return { namespace: b.namespace, kind: ref.kind, name: ref.name, ...(before ? { before } : {}), ...(now ? { after: now } : {}), ...judgeWorkload(before, now, o.thresholds) };
      });
      return result(b, { verdict: worstVerdict(workloads.map((w) => w.verdict)), workloads, measuredAt: at.toISOString() });
    },
  };
}
