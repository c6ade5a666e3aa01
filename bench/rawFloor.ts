/**
 * The floor: the same paged LISTs our cache makes (cluster-wide kinds and the runs' locks in parallel, then Services, ConfigMaps and
 * the label-selected Helm release Secrets of istio-system, and the Sail discovery GET), as raw HTTPS GETs over one
 * keep-alive agent, JSON.parse only.
 */
import * as https from 'node:https';
import type { ResourceKind } from '../src/kube/clusterClient';
import { resourcePath } from '../src/kube/resourcePaths';
import { HELM_RELEASE_SELECTOR, SAIL_GROUP, SAIL_VERSION } from '../src/kube/ownerReads';
import { LOCK_SELECTOR } from '../src/mesh/leaseObject';
import type { RawAccess } from './kubeconfigAccess';

export const CLUSTER_WIDE_KINDS: ResourceKind[] = [
  'namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
];
export const ISTIO_KINDS: ResourceKind[] = ['services', 'configmaps', 'secrets'];
/** The label selector the cache lists a kind with (Helm release Secrets of live releases only). */
export const LIST_SELECTORS: Partial<Record<ResourceKind, string>> = { secrets: HELM_RELEASE_SELECTOR, leases: LOCK_SELECTOR };

export interface FloorRun {
  ms: number;
  pages: number;
  lists: number;
  bytes: number;
  items: number;
}

interface Page { items?: unknown[]; metadata?: { continue?: string } }

export function httpsJson(agent: https.Agent, access: RawAccess, path: string, counters: { bytes: number }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.request(access.server + path, {
      agent, ca: access.ca, headers: { Authorization: `Bearer ${access.token}`, Accept: 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => { chunks.push(c); counters.bytes += c.length; });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`GET ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
        else resolve(JSON.parse(text));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function rawFloor(access: RawAccess, istioNamespaces: string[] = ['istio-system'], pageSize = 500): Promise<FloorRun> {
  const started = performance.now();
  const agent = new https.Agent({ keepAlive: true, ca: access.ca });
  const counters = { bytes: 0, pages: 0, items: 0 };
  const listAll = async (kind: ResourceKind, namespace?: string): Promise<void> => {
    let cont: string | undefined;
    do {
      const q = new URLSearchParams({ limit: String(pageSize) });
      if (cont) q.set('continue', cont);
      const selector = LIST_SELECTORS[kind];
      if (selector) q.set('labelSelector', selector);
      counters.pages++;
      const page = await httpsJson(agent, access, `${resourcePath(kind, namespace)}?${q}`, counters) as Page;
      counters.items += page.items?.length ?? 0;
      cont = page.metadata?.continue || undefined;
    } while (cont);
  };
  // Sail discovery: a 404 (not served) is the usual answer.
  const discoverSail = async (): Promise<void> => {
    counters.pages++;
    await httpsJson(agent, access, `/apis/${SAIL_GROUP}/${SAIL_VERSION}`, counters).catch(() => undefined);
  };
  try {
    await Promise.all([...CLUSTER_WIDE_KINDS.map((k) => listAll(k)), listAll('leases')]);
    await Promise.all([
      ...istioNamespaces.flatMap((ns) => ISTIO_KINDS.map((k) => listAll(k, ns))),
      discoverSail(),
    ]);
  } finally {
    agent.destroy();
  }
  const lists = CLUSTER_WIDE_KINDS.length + 1 + istioNamespaces.length * ISTIO_KINDS.length;
  return { ms: performance.now() - started, pages: counters.pages, lists, bytes: counters.bytes, items: counters.items };
}
