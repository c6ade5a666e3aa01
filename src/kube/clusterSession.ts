/** One cluster context, ready to use: its KubeConfig, a ClusterClient and a ClusterCache (not yet started). */
import type { ClusterClient } from './clusterClient';
import { ClusterCache, type ClusterCacheOptions } from './clusterCache';
import { makeKubeConfig, type LoadedKubeconfigs } from './kubeconfigLoader';
import { createClusterClient, type ClusterClientOptions } from './restClusterClient';

export type ClusterSessionOptions = ClusterClientOptions & ClusterCacheOptions;

export interface ClusterSession {
  client: ClusterClient;
  cache: ClusterCache;
  /** Stops the cache's watches and closes the connection pool. */
  dispose(): void;
}

/** Throws a ClusterError (badConfig) when the context is unknown or unusable. Call `cache.start()` next. */
export function openClusterSession(loaded: LoadedKubeconfigs, contextName: string, options: ClusterSessionOptions = {}): ClusterSession {
  const client = createClusterClient(makeKubeConfig(loaded, contextName), contextName, options);
  const cache = new ClusterCache(client, options);
  return {
    client,
    cache,
    dispose(): void {
      cache.stop();
      client.close();
    },
  };
}
