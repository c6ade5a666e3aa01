/**
 * The cluster-wide half of a fresh read — what every namespace's verdict is judged against: the webhook
 * configurations, where istiod lives, and the Istio namespaces' own objects (istiod Deployments and pods,
 * Services, ConfigMaps). A run (migration, restart, rollback, a verify over many namespaces) reads it once and
 * reuses it for a few seconds through a ControlPlaneCache, so per namespace only namespaced requests remain.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { discoverIstioNamespaces } from '../kube/istioNamespaces';
import type { KConfigMap, KService, KWebhookConfiguration } from '../mesh/kubeObjects';
import { listInNamespaces, readNamespaceParts, type NamespacePart } from './namespaceReader';

export interface ControlPlaneContext {
  mutatingWebhooks: KWebhookConfiguration[];
  validatingWebhooks: KWebhookConfiguration[];
  /** The Istio namespaces (webhook services, `app=istiod` Deployments) with their Namespace objects, pods and workloads. */
  istio: NamespacePart;
  /** Services and ConfigMaps of the Istio namespaces. */
  services: KService[];
  configMaps: KConfigMap[];
}

export async function readControlPlane(client: ClusterClient, signal?: AbortSignal): Promise<ControlPlaneContext> {
  const [mutating, validating, istiods] = await Promise.all([
    client.list('mutatingwebhookconfigurations', { signal }),
    client.list('validatingwebhookconfigurations', { signal }),
    client.list('deployments', { labelSelector: 'app=istiod', signal }),
  ]);
  const istioNamespaces = discoverIstioNamespaces(mutating.items, istiods.items);
  const [istio, services, configMaps] = await Promise.all([
    readNamespaceParts(client, istioNamespaces, signal),
    listInNamespaces(client, 'services', istioNamespaces, signal),
    listInNamespaces(client, 'configmaps', istioNamespaces, signal),
  ]);
  return { mutatingWebhooks: mutating.items, validatingWebhooks: validating.items, istio, services, configMaps };
}

/** Nothing in a run changes the control plane; a few seconds bound how long someone else's change goes unseen. */
export const CONTROL_PLANE_MAX_AGE_MS = 5000;

/**
 * One run's control-plane context: read on first use, then shared until it is older than `maxAgeMs` (age counted
 * from the start of the read). Concurrent callers share one read; a failed read is forgotten, so the next caller
 * reads again.
 */
export class ControlPlaneCache {
  private entry?: { startedAt: number; value: Promise<ControlPlaneContext> };

  constructor(
    readonly client: ClusterClient,
    readonly maxAgeMs: number = CONTROL_PLANE_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** `signal` cancels a read this call starts (callers of one run share one signal). */
  get(signal?: AbortSignal): Promise<ControlPlaneContext> {
    const current = this.entry;
    if (current && this.now() - current.startedAt <= this.maxAgeMs) return current.value;
    const entry = { startedAt: this.now(), value: readControlPlane(this.client, signal) };
    this.entry = entry;
    entry.value.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return entry.value;
  }

  /** The next get() reads again (e.g. after this run wrote a webhook). */
  invalidate(): void {
    this.entry = undefined;
  }
}
