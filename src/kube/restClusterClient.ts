/** ClusterClient over the Kubernetes REST API: raw JSON, paged lists, streaming watches, explicit patch types. */
import type { KubeConfig } from '@kubernetes/client-node';
import type {
  CallLogger, ClusterClient, ListOptions, ListResult, PatchType, ResourceKind, ResourceTypes, ServiceProxyTarget,
  WatchHandle, WatchHandlers, WatchOptions, WriteOptions,
} from './clusterClient';
import { FIELD_MANAGER } from './clusterClient';
import { isClusterError } from './clusterError';
import { KIND_INFO, qualifiedResource, queryString, resourcePath } from './resourcePaths';
import { Transport } from './transport';
import { startWatch } from './watchStream';
import { trimObject } from './trimObjects';
import { ListBodyDecoder, type ListBody } from './listBody';
import { DEFAULT_RETRY, type RetrySettings } from './retryPolicy';

export interface ClusterClientOptions {
  logger?: CallLogger;
  /** Per request, including reading the whole body (default 15000). */
  requestTimeoutMs?: number;
  /** TCP + TLS connect (default 5000). */
  connectTimeoutMs?: number;
  /** LIST page size (default 500). */
  pageSize?: number;
  /** Time-out of one exec credential plugin run (default 30000). */
  execTimeoutMs?: number;
  /** When failed requests are sent again (default DEFAULT_RETRY, retryPolicy.ts). */
  retry?: RetrySettings;
}

/** The field manager of every write (kubernetes-api.md K1), unless a caller names another. */
export { FIELD_MANAGER };

/** Kinds whose raw objects never leave the client: a Secret's data is decoded and dropped (trimOwnerObjects.ts). */
const ALWAYS_TRIMMED: ReadonlySet<ResourceKind> = new Set<ResourceKind>(['secrets']);

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/** A client whose TLS, auth and proxy come from `kc`'s context `context` (copied; `kc` is never modified). */
export function createClusterClient(kc: KubeConfig, context: string, options: ClusterClientOptions = {}): ClusterClient & {
  close(): void;
} {
  const transport = new Transport(kc, context, {
    logger: options.logger,
    requestTimeoutMs: options.requestTimeoutMs ?? 15000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    execTimeoutMs: options.execTimeoutMs,
    retry: options.retry,
  });
  const defaultPageSize = options.pageSize ?? 500;

  const writeQuery = (o: WriteOptions | undefined) =>
    queryString({ dryRun: o?.dryRun ? 'All' : undefined, fieldManager: o?.fieldManager ?? FIELD_MANAGER });
  // DeleteOptions has no fieldManager.
  const deleteQuery = (o: WriteOptions | undefined) => queryString({ dryRun: o?.dryRun ? 'All' : undefined });

  return {
    context,

    async list<K extends ResourceKind>(kind: K, o: ListOptions<ResourceTypes[K]> = {}): Promise<ListResult<ResourceTypes[K]>> {
      const objectKind = KIND_INFO[kind].kind;
      const items: ResourceTypes[K][] = [];
      let requests = 0;
      let resourceVersion = '';
      let cont: string | undefined;
      let restarted = false;
      let tellRestart = false;
      for (;;) {
        const path = resourcePath(kind, o.namespace, undefined, o.version) + queryString({
          labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, limit: o.pageSize ?? defaultPageSize, continue: cont,
        });
        let page: ListBody<ResourceTypes[K]>;
        try {
          requests++;
          page = await transport.request(
            { method: 'GET', path, verb: 'list', resource: qualifiedResource(kind), namespace: o.namespace, signal: o.signal },
            () => new ListBodyDecoder((parsed) => {
              const item = parsed as ResourceTypes[K];
              (item as { kind?: string }).kind ??= objectKind;
              return o.trim || ALWAYS_TRIMMED.has(kind) ? trimObject(kind, item) : item;
            }),
          );
        } catch (e) {
          // An expired continue token: start over once, like client-go's pager.
          if (isClusterError(e) && e.kind === 'gone' && cont !== undefined && !restarted) {
            restarted = true;
            tellRestart = true;
            items.length = 0;
            cont = undefined;
            continue;
          }
          throw e;
        }
        for (const item of page.items) items.push(item);
        o.onPage?.(page.items, { restarted: tellRestart });
        tellRestart = false;
        resourceVersion = page.metadata?.resourceVersion ?? '';
        cont = page.metadata?.continue || undefined;
        if (cont === undefined) return { items, resourceVersion, requests };
      }
    },

    async get<K extends ResourceKind>(kind: K, name: string, namespace?: string, signal?: AbortSignal): Promise<ResourceTypes[K]> {
      const object = await transport.json<ResourceTypes[K]>({
        method: 'GET', path: resourcePath(kind, namespace, name), verb: 'get', resource: qualifiedResource(kind), namespace, signal,
      });
      return ALWAYS_TRIMMED.has(kind) ? trimObject(kind, object) : object;
    },

    watch<K extends ResourceKind>(kind: K, o: WatchOptions, handlers: WatchHandlers<ResourceTypes[K]>): WatchHandle {
      // client-go spreads watch lifetimes between 5 and 10 minutes so reconnects don't synchronize.
      const timeoutSeconds = o.timeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
      const path = resourcePath(kind, o.namespace) + queryString({
        watch: 'true', resourceVersion: o.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds,
        labelSelector: o.labelSelector,
      });
      const trimmed: WatchHandlers<ResourceTypes[K]> = ALWAYS_TRIMMED.has(kind)
        ? { ...handlers, onEvent: (type, object) => handlers.onEvent(type, trimObject(kind, object)) }
        : handlers;
      return startWatch(transport, {
        spec: { method: 'GET', path, verb: 'watch', resource: qualifiedResource(kind), namespace: o.namespace },
        inactivityMs: (timeoutSeconds + 30) * 1000,
      }, trimmed);
    },

    patch<K extends ResourceKind>(
      kind: K, name: string, namespace: string | undefined, type: PatchType, body: unknown, o?: WriteOptions,
    ): Promise<ResourceTypes[K]> {
      return transport.json({
        method: 'PATCH', path: resourcePath(kind, namespace, name) + writeQuery(o), body, contentType: PATCH_CONTENT_TYPES[type],
        verb: 'patch', resource: qualifiedResource(kind), namespace, signal: o?.signal,
      });
    },

    create<K extends ResourceKind>(kind: K, object: ResourceTypes[K], o?: WriteOptions): Promise<ResourceTypes[K]> {
      const namespace = object.metadata.namespace;
      const info = KIND_INFO[kind];
      const body = { apiVersion: info.group === '' ? info.version : `${info.group}/${info.version}`, kind: info.kind, ...object };
      return transport.json({
        method: 'POST', path: resourcePath(kind, namespace) + writeQuery(o), body,
        verb: 'create', resource: qualifiedResource(kind), namespace, signal: o?.signal,
      });
    },

    replace<K extends ResourceKind>(kind: K, object: ResourceTypes[K], o?: WriteOptions): Promise<ResourceTypes[K]> {
      const namespace = object.metadata.namespace;
      const info = KIND_INFO[kind];
      const body = { apiVersion: info.group === '' ? info.version : `${info.group}/${info.version}`, kind: info.kind, ...object };
      return transport.json({
        method: 'PUT', path: resourcePath(kind, namespace, object.metadata.name) + writeQuery(o), body,
        verb: 'update', resource: qualifiedResource(kind), namespace, signal: o?.signal,
      });
    },

    async delete(kind: ResourceKind, name: string, namespace?: string, o?: WriteOptions): Promise<void> {
      await transport.json({
        method: 'DELETE', path: resourcePath(kind, namespace, name) + deleteQuery(o),
        verb: 'delete', resource: qualifiedResource(kind), namespace, signal: o?.signal,
      });
    },

    proxyGet(namespace: string, pod: string, port: number, path: string, signal?: AbortSignal): Promise<unknown> {
      const p = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}:${port}/proxy/${path.split('/').map(encodeURIComponent).join('/')}`;
      // A 5xx here is usually the pod's (its port is not listening): one more try, not the client's full patience.
      const retry = { ...(options.retry ?? DEFAULT_RETRY), maxAttempts: Math.min(2, (options.retry ?? DEFAULT_RETRY).maxAttempts), maxWaitMs: 2000 };
      return transport.json({ method: 'GET', path: p, verb: 'get', resource: 'pods/proxy', namespace, signal, retry });
    },

    serviceProxyGet(namespace: string, service: ServiceProxyTarget, path: string, query: Record<string, string> = {}, signal?: AbortSignal): Promise<unknown> {
      // `[scheme:]name[:port]` with literal colons, as kubectl writes it.
      const target = [service.scheme, service.name, service.port].filter((p) => p !== undefined && p !== '').map((p) => encodeURIComponent(String(p))).join(':');
      const p = `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${target}/proxy/${path.split('/').map(encodeURIComponent).join('/')}`;
      // As for the pod proxy: a 5xx is usually the Service's (no endpoints, nothing listening), so one more try only.
      const retry = { ...(options.retry ?? DEFAULT_RETRY), maxAttempts: Math.min(2, (options.retry ?? DEFAULT_RETRY).maxAttempts), maxWaitMs: 2000 };
      return transport.json({ method: 'GET', path: p + queryString(query), verb: 'get', resource: 'services/proxy', namespace, signal, retry });
    },

    async discover(group: string, version: string, signal?: AbortSignal): Promise<string[] | undefined> {
      try {
        const list = await transport.json<{ resources?: { name?: unknown }[] }>({
          method: 'GET', path: `/apis/${encodeURIComponent(group)}/${encodeURIComponent(version)}`, verb: 'get', resource: 'discovery', signal,
        });
        return (list.resources ?? []).map((r) => r.name).filter((n): n is string => typeof n === 'string' && !n.includes('/'));
      } catch (e) {
        if (isClusterError(e) && e.kind === 'notFound') return undefined;
        throw e;
      }
    },

    version(signal?: AbortSignal): Promise<{ major: string; minor: string; gitVersion: string }> {
      return transport.json({ method: 'GET', path: '/version', verb: 'get', resource: 'version', signal });
    },

    stats: () => transport.stats(),
    close: () => transport.close(),
  };
}
