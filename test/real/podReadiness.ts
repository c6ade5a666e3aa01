/**
 * A stand-in kubelet for the rig: every 100 ms, every pod that is not Ready (and not being deleted) is patched
 * through pods/status to Running with Ready conditions and ready, running container statuses, so that
 * Deployments' rollouts complete and the engine's waitForRollout and verify see what a real cluster shows.
 */
import type { RawApi } from '../contract/rawApi';

interface PodItem {
  metadata: { name: string; namespace: string; deletionTimestamp?: string };
  spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

export interface PodReadiness {
  /** Pods patched so far. */
  patched(): number;
  stop(): Promise<void>;
}

const isReady = (p: PodItem) => p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function readyStatus(pod: PodItem): Record<string, unknown> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  const container = (c: { name: string; image?: string }, init: boolean) => ({
    name: c.name, image: c.image ?? '', imageID: '', restartCount: 0, ready: !init, started: !init,
    state: init ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } } : { running: { startedAt: now } },
  });
  return {
    phase: 'Running',
    startTime: now,
    podIP: '10.244.0.1',
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => container(c, false)),
    ...(pod.spec?.initContainers?.length ? { initContainerStatuses: pod.spec.initContainers.map((c) => container(c, true)) } : {}),
  };
}

export function startPodReadiness(api: RawApi, intervalMs = 100): PodReadiness {
  let stopped = false;
  let count = 0;
  let lastError: unknown;
  const tick = async () => {
    const list = await api.request('GET', '/api/v1/pods');
    if (list.status !== 200) return;
    const pending = (list.body as { items: PodItem[] }).items.filter((p) => !p.metadata.deletionTimestamp && !isReady(p));
    await Promise.all(pending.map(async (pod) => {
      const { namespace, name } = pod.metadata;
      const r = await api.request('PATCH', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/status`,
        { status: readyStatus(pod) }, 'application/merge-patch+json');
      // 404: the ReplicaSet deleted it meanwhile.
      if (r.status === 200) count++;
      else if (r.status !== 404) lastError = new Error(`pods/status ${namespace}/${name} → ${r.status}`);
    }));
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        await tick();
      } catch (e) {
        lastError = e; // the apiserver may be restarting; keep going
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    patched: () => count,
    async stop() {
      stopped = true;
      await loop;
      void lastError;
    },
  };
}
