/** What the shared seed cases need from a cluster, whether the simulator or the real API server. */
import type { ClusterClient } from '../../src/kube/clusterClient';
import type { MeshSnapshot } from '../../src/mesh/model';

export interface Harness {
  /** 'simulator' or 'real': only for the few assertions where the two legitimately differ. */
  target: 'simulator' | 'real';
  client: ClusterClient;
  contextName: string;
  kubeconfigPath: string;
  snapshot(): Promise<MeshSnapshot>;
  stop(): Promise<void>;
}

/** Starts a harness holding `scenario`; the simulator delays pod readiness by `podReadyDelayMs`. */
export type StartHarness = (scenario: string, podReadyDelayMs?: number) => Promise<Harness>;

/** The webhook target of an injector clientConfig: istiod's Service on the simulator, the test injector's URL on the real server. */
export function injectorTarget(clientConfig: { service?: { name?: string }; url?: string } | undefined): string | undefined {
  if (clientConfig?.service?.name) return clientConfig.service.name;
  const m = /\/inject\/([^/?]+)$/.exec(clientConfig?.url ?? '');
  return m ? `istiod-${decodeURIComponent(m[1])}` : undefined;
}
