/**
 * After a relabel an owner was expected to undo ("Relabel Anyway" on a GitOps-managed namespace, real-world.md
 * istio-model.md M15): watch the namespace's injection labels for a short window and report a revert as the owner's doing —
 * not as a failure of the run. One GET per poll of one namespace; ends early at the first revert.
 */
import { FIELD_MANAGER, type ClusterClient } from '../kube/clusterClient';
import { injectionLabelsOf, type InjectionLabels } from '../mesh/migrationPlan';
import { labelManager } from '../mesh/owners/labelChange';

/** Argo CD's first self-heal backoff is 2 s (istio-model.md M15); the window leaves room for its refresh. */
export const DEFAULT_REVERT_WINDOW_MS = 15_000;

export interface RevertWatchOptions {
  windowMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

export interface Reverted {
  /** Who we expected to revert it, e.g. "Argo CD app argocd/payments". */
  by: string;
  /** The injection labels found instead of the ones written. */
  labels: InjectionLabels;
  /** The managedFields manager that last set them, when the server says. */
  manager?: string;
  /** When we saw it. */
  at: string;
}

export interface RevertWatchResult {
  namespace: string;
  reverted?: Reverted;
  /** How long it was watched. */
  watchedMs: number;
}

const sameLabels = (a: InjectionLabels, b: InjectionLabels): boolean =>
  a['istio-injection'] === b['istio-injection'] && a['istio.io/rev'] === b['istio.io/rev'];

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Polls `namespace` until its injection labels differ from `written` or the window ends (a failed read is retried). */
export async function watchForRevert(client: ClusterClient, namespace: string, written: InjectionLabels, by: string, o: RevertWatchOptions = {}): Promise<RevertWatchResult> {
  const started = Date.now();
  const deadline = started + (o.windowMs ?? DEFAULT_REVERT_WINDOW_MS);
  for (;;) {
    await sleep(Math.min(o.pollMs ?? 500, Math.max(0, deadline - Date.now())), o.signal);
    const ns = await client.get('namespaces', namespace, undefined, o.signal).catch(() => undefined);
    if (ns) {
      const labels = injectionLabelsOf(ns.metadata.labels);
      if (!sameLabels(labels, written)) {
        // Who set a label that differs from ours (ours would be our own field manager: not evidence).
        const changed = (['istio-injection', 'istio.io/rev'] as const).filter((k) => labels[k] !== undefined && labels[k] !== written[k]);
        const manager = changed.map((k) => labelManager(ns, k)).find((m) => m !== undefined && m !== FIELD_MANAGER);
        return { namespace, watchedMs: Date.now() - started, reverted: { by, labels, ...(manager ? { manager } : {}), at: new Date().toISOString() } };
      }
    }
    if (Date.now() >= deadline || o.signal?.aborted) return { namespace, watchedMs: Date.now() - started };
  }
}

/** "istio-injection=enabled, istio.io/rev=canary" */
export function labelsText(l: InjectionLabels): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : 'no injection labels';
}

/** "reverted by Argo CD app argocd/payments (istio-injection=enabled is back — it wins over istio.io/rev)". */
export function revertText(r: Reverted): string {
  const injection = r.labels['istio-injection'] !== undefined && r.labels['istio.io/rev'] !== undefined
    ? ` — ${r.labels['istio-injection'] === 'enabled' ? 'istio-injection=enabled wins over istio.io/rev' : 'istio-injection wins over istio.io/rev'}`
    : '';
  return `reverted by ${r.by}: labels now ${labelsText(r.labels)}${injection}${r.manager ? ` (last set by ${r.manager})` : ''}`;
}
