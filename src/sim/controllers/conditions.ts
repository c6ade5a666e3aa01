/** Workload conditions that keep their timestamps until their status or reason really changes. */

export interface WorkloadCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function carryCondition(
  old: WorkloadCondition[] | undefined,
  next: { type: string; status: string; reason: string; message: string },
  now: string,
  withUpdateTime: boolean,
): WorkloadCondition {
  const prev = old?.find((c) => c.type === next.type);
  const transition = prev && prev.status === next.status ? prev.lastTransitionTime : now;
  const unchanged = prev && prev.status === next.status && prev.reason === next.reason && prev.message === next.message;
  const out: WorkloadCondition = { type: next.type, status: next.status, lastTransitionTime: transition, reason: next.reason, message: next.message };
  if (withUpdateTime) {
    return { type: next.type, status: next.status, lastUpdateTime: unchanged ? (prev?.lastUpdateTime ?? now) : now, lastTransitionTime: transition, reason: next.reason, message: next.message };
  }
  return out;
}
