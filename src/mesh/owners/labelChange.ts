/**
 * Who last changed a namespace's injection labels, from its `metadata.managedFields` (istio-model.md M15): the
 * entry whose fieldsV1 owns `f:metadata.f:labels.f:istio-injection` or `…f:istio.io/rev` and whose `time` is the
 * latest. `time` is when that manager last changed any of its fields — close enough for a tooltip.
 */
import type { LabelChange } from '../model';
import { LABEL_INJECTION, LABEL_REV } from '../labels';
import { arr, isRecord, rec, str } from '../untrusted';

const KEYS = [LABEL_INJECTION, LABEL_REV] as const;

export function injectionLabelChange(namespace: unknown): LabelChange | undefined {
  let best: LabelChange | undefined;
  for (const entry of arr(rec(namespace, 'metadata').managedFields).filter(isRecord)) {
    const labels = rec(rec(entry.fieldsV1, 'f:metadata'), 'f:labels');
    const owned = KEYS.filter((k) => labels[`f:${k}`] !== undefined);
    const manager = str(entry.manager);
    if (owned.length === 0 || !manager) continue;
    const time = str(entry.time);
    if (best && (best.time ?? '') >= (time ?? '')) continue;
    best = { manager, labels: owned, ...(str(entry.operation) ? { operation: str(entry.operation) } : {}), ...(time ? { time } : {}) };
  }
  return best;
}

/** The manager that last set label `key` (the managedFields entry owning it with the latest time), if the server says. */
export function labelManager(object: unknown, key: string): string | undefined {
  let best: { manager: string; time: string } | undefined;
  for (const entry of arr(rec(object, 'metadata').managedFields).filter(isRecord)) {
    const manager = str(entry.manager);
    if (!manager || rec(rec(entry.fieldsV1, 'f:metadata'), 'f:labels')[`f:${key}`] === undefined) continue;
    const time = str(entry.time) ?? '';
    if (!best || time > best.time) best = { manager, time };
  }
  return best?.manager;
}
