/**
 * An in-memory ClusterClient over a few objects for the journal/lock tests: GET, merge/strategic PATCH (labels,
 * annotations, a `metadata.resourceVersion` precondition), create (409 AlreadyExists), PUT (409 on a stale
 * resourceVersion), and per-call fault hooks that run before or after the write is applied.
 */
import type { ClusterClient, ResourceKind, WriteOptions } from '../../../src/kube/clusterClient';
import { ClusterError } from '../../../src/kube/clusterError';

export type Stored = { metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [k: string]: unknown };

export interface Fault {
  /** Which calls: `PATCH namespaces/a`, `PUT leases/ns/name`, `GET …`, `POST …`. */
  match: RegExp;
  /** Throw before the write is applied (the server refused, or the request never arrived). */
  before?: () => ClusterError;
  /** Apply the write, then throw (the answer was lost). */
  after?: () => ClusterError;
  /** How many calls it hits (default 1). */
  times?: number;
}

export const timeoutError = (): ClusterError => new ClusterError({ kind: 'timeout', context: 'fake', message: 'timeout: no answer from https://fake within 2 s (PATCH …)' });
export const resetError = (): ClusterError => new ClusterError({ kind: 'unreachable', context: 'fake', message: 'cannot connect to https://fake: connection reset' });
export const statusErr = (kind: 'conflict' | 'invalid' | 'forbidden' | 'notFound' | 'throttled' | 'unknown', status: number, message = `${kind} (${status})`): ClusterError =>
  new ClusterError({ kind, context: 'fake', message, status });

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete target[k];
    else if (typeof v === 'object' && !Array.isArray(v) && typeof target[k] === 'object' && target[k] !== null) merge(target[k] as Record<string, unknown>, v as Record<string, unknown>);
    else target[k] = typeof v === 'object' && v !== null ? JSON.parse(JSON.stringify(v)) : v;
  }
}

export class FakeObjects {
  readonly objects = new Map<string, Stored>();
  readonly calls: string[] = [];
  faults: Fault[] = [];
  private rv = 100;

  key(kind: ResourceKind, name: string, namespace?: string): string {
    return `${kind}/${namespace ? `${namespace}/` : ''}${name}`;
  }

  put(kind: ResourceKind, object: Stored): Stored {
    const stored = JSON.parse(JSON.stringify(object)) as Stored;
    stored.metadata.resourceVersion = String(++this.rv);
    this.objects.set(this.key(kind, object.metadata.name, object.metadata.namespace), stored);
    return JSON.parse(JSON.stringify(stored)) as Stored;
  }

  read(kind: ResourceKind, name: string, namespace?: string): Stored | undefined {
    const o = this.objects.get(this.key(kind, name, namespace));
    return o ? JSON.parse(JSON.stringify(o)) as Stored : undefined;
  }

  async call<T>(what: string, apply: () => T): Promise<T> {
    this.calls.push(what);
    const fault = this.faults.find((f) => f.match.test(what) && (f.times ?? 1) > 0);
    if (fault) fault.times = (fault.times ?? 1) - 1;
    if (fault?.before) throw fault.before();
    const result = apply();
    if (fault?.after) throw fault.after();
    return result;
  }

  client(context = 'fake'): ClusterClient {
    const notFound = (what: string) => statusErr('notFound', 404, `not found: ${what}`);
    return this.clientOf(this, context, notFound);
  }

  private clientOf(self: FakeObjects, context: string, notFound: (what: string) => ClusterError): ClusterClient {
    return {
      context,
      async get(kind, name, namespace) {
        return self.call(`GET ${self.key(kind, name, namespace)}`, () => {
          const o = self.read(kind, name, namespace);
          if (!o) throw notFound(self.key(kind, name, namespace));
          return o;
        }) as never;
      },
      async patch(kind, name, namespace, _type, body: unknown, o?: WriteOptions) {
        return self.call(`PATCH ${self.key(kind, name, namespace)}`, () => {
          const current = self.read(kind, name, namespace);
          if (!current) throw notFound(self.key(kind, name, namespace));
          const b = JSON.parse(JSON.stringify(body)) as Record<string, unknown> & { metadata?: { resourceVersion?: string } };
          const pre = b.metadata?.resourceVersion;
          if (pre !== undefined && pre !== current.metadata.resourceVersion) throw statusErr('conflict', 409, 'conflict: the object has been modified');
          if (b.metadata) delete b.metadata.resourceVersion;
          const next = JSON.parse(JSON.stringify(current)) as Stored;
          merge(next as unknown as Record<string, unknown>, b);
          if (o?.dryRun) return next;
          if (JSON.stringify(next) === JSON.stringify(current)) return current;
          return self.put(kind, next);
        }) as never;
      },
      async create(kind, object, o?: WriteOptions) {
        const meta = (object as Stored).metadata;
        return self.call(`POST ${self.key(kind, meta.name, meta.namespace)}`, () => {
          if (self.read(kind, meta.name, meta.namespace)) throw statusErr('conflict', 409, `conflict: ${kind} "${meta.name}" already exists`);
          return o?.dryRun ? object : self.put(kind, object as Stored);
        }) as never;
      },
      async replace(kind, object, o?: WriteOptions) {
        const meta = (object as Stored).metadata;
        return self.call(`PUT ${self.key(kind, meta.name, meta.namespace)}`, () => {
          const current = self.read(kind, meta.name, meta.namespace);
          if (!current) throw notFound(self.key(kind, meta.name, meta.namespace));
          if (meta.resourceVersion !== current.metadata.resourceVersion) throw statusErr('conflict', 409, 'conflict: the object has been modified');
          return o?.dryRun ? object : self.put(kind, object as Stored);
        }) as never;
      },
      async delete(kind, name, namespace) {
        await self.call(`DELETE ${self.key(kind, name, namespace)}`, () => {
          if (!self.objects.delete(self.key(kind, name, namespace))) throw notFound(self.key(kind, name, namespace));
        });
      },
      async list() { throw new Error('not in this fake'); },
      watch() { throw new Error('not in this fake'); },
      async proxyGet() { throw new Error('not in this fake'); },
      async version() { return { major: '1', minor: '20', gitVersion: 'v1.20.2' }; },
      stats: () => ({ requests: self.calls.length, bytes: 0 }),
    };
  }
}
