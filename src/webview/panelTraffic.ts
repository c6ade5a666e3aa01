/**
 * The traffic part of the Proxy versions panel's state: what a run's traffic gate measured per workload. It comes
 * back from the page after a reload (webview state), so it is validated like every inbound message.
 */
import type { TrafficReading, WorkloadGateVerdict, WorkloadTraffic } from '../mesh/trafficGate';

const VERDICTS = new Set<WorkloadGateVerdict>(['pass', 'breach', 'insufficient']);
const KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'Job', 'ReplicaSet', 'Other']);
const MAX_ROWS = 5000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function reading(v: unknown): TrafficReading | undefined | false {
  if (v === undefined) return undefined;
  if (!isObject(v) || !finite(v.requests) || !finite(v.errors) || (v.p99Ms !== undefined && !finite(v.p99Ms))) return false;
  return { requests: v.requests, errors: v.errors, ...(v.p99Ms !== undefined ? { p99Ms: v.p99Ms as number } : {}) };
}

function row(v: unknown): WorkloadTraffic | undefined {
  if (!isObject(v) || typeof v.namespace !== 'string' || typeof v.name !== 'string' || typeof v.kind !== 'string' || !KINDS.has(v.kind)) return undefined;
  if (typeof v.verdict !== 'string' || !VERDICTS.has(v.verdict as WorkloadGateVerdict)) return undefined;
  if (!Array.isArray(v.reasons) || !v.reasons.every((r) => typeof r === 'string')) return undefined;
  const before = reading(v.before);
  const after = reading(v.after);
  if (before === false || after === false) return undefined;
  return {
    namespace: v.namespace, name: v.name, kind: v.kind as WorkloadTraffic['kind'], verdict: v.verdict as WorkloadGateVerdict,
    reasons: v.reasons as string[], ...(before ? { before } : {}), ...(after ? { after } : {}),
  };
}

/** The rows when every one is well-formed, else undefined (a damaged state drops the traffic table, not the panel). */
export function parseTraffic(raw: unknown): WorkloadTraffic[] | undefined {
  if (!Array.isArray(raw) || raw.length > MAX_ROWS) return undefined;
  const rows = raw.map(row);
  return rows.every((r): r is WorkloadTraffic => !!r) ? rows : undefined;
}
