/**
 * Copies a simulator's objects into a real kube-apiserver with parallel POSTs: namespaces first, then
 * Istio Services/ConfigMaps, Deployments and Pods (pods stay Pending: no kubelet), webhooks last with
 * failurePolicy Ignore (so no pod create waits on an injector that does not exist).
 */
import * as https from 'node:https';
import type { ResourceKind } from '../src/kube/clusterClient';
import { KIND_INFO, resourcePath } from '../src/kube/resourcePaths';
import type { RawAccess } from './kubeconfigAccess';
import { httpsJson } from './rawFloor';

type Obj = { metadata: Record<string, unknown> & { name: string; namespace?: string }; [key: string]: unknown };

const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'ownerReferences', 'selfLink', 'deletionTimestamp'];

function clean(kind: ResourceKind, o: Obj): Obj {
  const metadata = { ...o.metadata };
  for (const f of SERVER_FIELDS) delete metadata[f];
  const info = KIND_INFO[kind];
  const out: Obj = { ...o, apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind, metadata };
  delete out.status;
  if (kind === 'services') {
    const spec = { ...(out.spec as Record<string, unknown>) };
    delete spec.clusterIP;
    delete spec.clusterIPs;
    out.spec = spec;
  }
  if (kind === 'mutatingwebhookconfigurations' || kind === 'validatingwebhookconfigurations') {
    out.webhooks = ((out.webhooks as Record<string, unknown>[] | undefined) ?? []).map((w) => ({ ...w, failurePolicy: 'Ignore' }));
  }
  if (kind === 'pods') {
    const spec = { ...(out.spec as Record<string, unknown>) };
    delete spec.nodeName;
    // The simulator leaves it unset; a real apiserver rejects projected token volumes without it.
    spec.serviceAccountName ??= 'default';
    out.spec = spec;
  }
  return out;
}

async function listAll(access: RawAccess, agent: https.Agent, kind: ResourceKind, namespace?: string): Promise<Obj[]> {
  const items: Obj[] = [];
  let cont: string | undefined;
  const counters = { bytes: 0 };
  do {
    const q = new URLSearchParams({ limit: '500' });
    if (cont) q.set('continue', cont);
    const page = await httpsJson(agent, access, `${resourcePath(kind, namespace)}?${q}`, counters) as { items?: Obj[]; metadata?: { continue?: string } };
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

function post(agent: https.Agent, access: RawAccess, path: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = https.request(access.server + path, {
      method: 'POST', agent, ca: access.ca,
      headers: { Authorization: `Bearer ${access.token}`, 'Content-Type': 'application/json', 'Content-Length': data.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status !== 409) reject(new Error(`POST ${path}: HTTP ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
        else resolve(status);
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function parallel<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export interface CopyResult { objects: number; ms: number }

export async function copyCluster(from: RawAccess, to: RawAccess, concurrency = 48): Promise<CopyResult> {
  const started = performance.now();
  const readAgent = new https.Agent({ keepAlive: true, ca: from.ca });
  const writeAgent = new https.Agent({ keepAlive: true, ca: to.ca, maxSockets: concurrency });
  let objects = 0;
  const copy = async (kind: ResourceKind, items: Obj[]) => {
    await parallel(items, concurrency, async (o) => {
      const c = clean(kind, o);
      await post(writeAgent, to, resourcePath(kind, c.metadata.namespace), c);
      objects++;
    });
  };
  try {
    await copy('namespaces', await listAll(from, readAgent, 'namespaces'));
    for (const kind of ['services', 'configmaps'] as const) await copy(kind, await listAll(from, readAgent, kind, 'istio-system'));
    for (const kind of ['deployments', 'statefulsets', 'daemonsets', 'pods'] as const) await copy(kind, await listAll(from, readAgent, kind));
    for (const kind of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'] as const) await copy(kind, await listAll(from, readAgent, kind));
  } finally {
    readAgent.destroy();
    writeAgent.destroy();
  }
  return { objects, ms: performance.now() - started };
}
