/**
 * The `pods/<name>:<port>/proxy/<path>` subresource for istiod pods: `debug/syncz` lists the proxies connected
 * to that replica (the injected pods of its revision, spread over the revision's ready replicas), `version`
 * answers like istiod's monitoring port. Anything else answers as the apiserver does when nothing listens.
 */
import type { ObjectStore } from '../core/objectStore';
import type { KubeObject } from '../core/types';
import { StatusError, makeStatus } from '../core/errors';

type Obj = KubeObject & {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] };
  status?: { phase?: string };
};

function tagOf(image: string | undefined): string | undefined {
  const m = /:([^:/@]+)$/.exec(image ?? '');
  return m?.[1]?.replace(/-distroless$/, '');
}

function injectedRevision(p: Obj): string | undefined {
  const a = p.metadata.annotations ?? {};
  if (a['istio.io/rev']) return a['istio.io/rev'];
  try {
    const s = JSON.parse(a['sidecar.istio.io/status'] ?? 'null') as { revision?: string } | null;
    if (s?.revision) return s.revision;
  } catch {
    /* not injected */
  }
  return a['sidecar.istio.io/status'] ? p.metadata.labels?.['istio.io/rev'] : undefined;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export function podProxy(store: ObjectStore, namespace: string, target: string, path: string): { status: number; json?: unknown; text?: string } {
  const [name, port = '80'] = target.split(':');
  const pod = store.get('pods', namespace, name) as Obj | undefined;
  if (!pod) throw new StatusError(makeStatus(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' }));
  const labels = pod.metadata.labels ?? {};
  const refused = (): never => {
    throw new StatusError(makeStatus(503, 'ServiceUnavailable', `error trying to reach service: dial tcp 10.244.0.1:${port}: connect: connection refused`));
  };
  if (labels.app !== 'istiod' || port !== '15014' || pod.status?.phase !== 'Running') refused();
  const revision = labels['istio.io/rev'] ?? 'default';
  const version = tagOf(pod.spec?.containers?.find((c) => c.name === 'discovery')?.image);
  if (path === 'version') return { status: 200, text: `${version ?? 'unknown'}-0000000000000000000000000000000000000000-Clean` };
  if (path !== 'debug/syncz') return { status: 404, text: '404 page not found\n' };
  const replicas = (store.list('pods', namespace) as Obj[])
    .filter((p) => p.metadata.labels?.app === 'istiod' && (p.metadata.labels?.['istio.io/rev'] ?? 'default') === revision && p.status?.phase === 'Running')
    .map((p) => p.metadata.name)
    .sort();
  const index = replicas.indexOf(name);
  const connected = (store.list('pods') as Obj[]).filter((p) => p.status?.phase === 'Running'
    && injectedRevision(p) === revision
    && hash(`${p.metadata.namespace}/${p.metadata.name}`) % replicas.length === index);
  return {
    status: 200,
    json: connected.map((p) => {
      const proxy = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].find((c) => c.name === 'istio-proxy');
      const v = tagOf(proxy?.image);
      return {
        cluster_id: 'Kubernetes', proxy: `${p.metadata.name}.${p.metadata.namespace}`, proxy_type: 'sidecar',
        proxy_version: v, istio_version: v, cluster_sent: 'x', cluster_acked: 'x', listener_sent: 'x', listener_acked: 'x',
      };
    }),
  };
}
