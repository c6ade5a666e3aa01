/**
 * Which version of an API group serves a resource, by discovery (`GET /apis/<group>/<version>`, newest first):
 * PodDisruptionBudgets are policy/v1 from Kubernetes 1.21 and only policy/v1beta1 before (removed in 1.25);
 * HorizontalPodAutoscalers autoscaling/v2 from 1.23, autoscaling/v1 everywhere.
 */
import type { ClusterClient } from './clusterClient';

export const PDB_VERSIONS = ['v1', 'v1beta1'] as const;
export const HPA_VERSIONS = ['v2', 'v2beta2', 'v1'] as const;

/** The first of `versions` whose discovery document lists `resource`; undefined when none does (or discovery is missing). */
export async function servedVersion(client: ClusterClient, group: string, resource: string, versions: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
  if (!client.discover) return versions[0];
  for (const version of versions) {
    const resources = await client.discover(group, version, signal);
    if (resources?.includes(resource)) return version;
  }
  return undefined;
}
