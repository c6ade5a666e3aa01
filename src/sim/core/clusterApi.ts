/**
 * The API server's storage layer as one object: every verb with admission, defaulting, validation,
 * optimistic concurrency and dry-run. The HTTP layer, the controllers and the scenarios all write
 * through it, so a pod made by a controller is admitted (and injected) exactly like one from kubectl.
 */
import type { SeededRandom } from '../util/random';
import { CRD_CLEANUP_FINALIZER, terminatingCondition } from '../crd/crdObjects';
import { asArray, asObject, deepClone, deepEqual, isPlainObject, nowTimestamp } from '../util/json';
import { validateCreate, validateUpdate } from '../validation/objectValidation';
import { applyDefaults, normalizeOrder } from './defaults';
import { recordManagedFields } from './managedFields';
import { alreadyExists, badRequest, conflict, forbidden, invalid, notFound, successStatus, unsupportedMediaType, type KubeStatus } from './errors';
import { listObjects, type ListOptions, type ListPage } from './listing';
import type { ObjectStore } from './objectStore';
import { applyPatchDocument, parseApplyBody, type PatchType } from './patching';
import { apiVersionOf, resourceByName, type ResourceType } from './resourceRegistry';
import { ServedResources } from './servedResources';
import { prepareForCreate, prepareForUpdate, type ServiceAddressAllocator } from './strategies';
import type { KubeObject, RequestContext } from './types';

export interface AdmissionAttributes {
  dryRun: boolean;
  namespace?: KubeObject;
}

/** A mutating admission step for CREATE (the sidecar injector is one). Throws a StatusError to reject. */
export type MutatingAdmission = (type: ResourceType, obj: KubeObject, attrs: AdmissionAttributes) => void;

export interface DeleteOptions {
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

const NAMESPACES = resourceByName('namespaces');
/** Custom resources have no strategic-merge schema: the server refuses that patch type. */
const CUSTOM_RESOURCE_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

export class ClusterApi implements ServiceAddressAllocator {
  /** What this cluster serves: the built-ins and the types its CRDs add. */
  readonly resources = new ServedResources();
  private readonly admissions = new Map<string, MutatingAdmission[]>();
  private readonly settleHooks: (() => void)[] = [];
  private depth = 0;
  private ipCounter = 10;
  private portCounter = 30000;

  constructor(readonly store: ObjectStore, readonly random: SeededRandom, readonly now: () => Date = () => new Date()) {}

  addAdmission(resource: string, plugin: MutatingAdmission): void {
    const list = this.admissions.get(resource) ?? [];
    list.push(plugin);
    this.admissions.set(resource, list);
  }

  /** Runs after every top-level write (controllers reconcile here). */
  onSettled(hook: () => void): void {
    this.settleHooks.push(hook);
  }

  clusterIP(): string {
    const n = this.ipCounter++;
    return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }

  nodePort(): number {
    return this.portCounter++;
  }

  timestamp(offsetSeconds = 0): string {
    return nowTimestamp(new Date(this.now().getTime() + offsetSeconds * 1000));
  }

  private run<T>(ctx: RequestContext, fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0 && !ctx.dryRun) for (const h of this.settleHooks) h();
    }
  }

  mustGet(type: ResourceType, ns: string | undefined, name: string): KubeObject {
    const obj = this.store.get(type.resource, type.namespaced ? ns : undefined, name);
    if (!obj) throw notFound(type, name);
    return obj;
  }

  get(type: ResourceType, ns: string | undefined, name: string): KubeObject {
    return this.mustGet(type, ns, name);
  }

  list(type: ResourceType, ns: string | undefined, opts: ListOptions = {}): ListPage {
    return listObjects(this.store, type, ns, opts);
  }

  private decode(type: ResourceType, body: unknown): KubeObject {
    if (!isPlainObject(body)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
    const obj = deepClone(body) as KubeObject;
    const expected = apiVersionOf(type);
    if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`);
    }
    if (obj.kind !== undefined && obj.kind !== type.kind) {
      throw badRequest(`${String(obj.kind)} in version "${type.version}" cannot be handled as a ${type.kind}: no kind "${String(obj.kind)}" is registered for version "${expected}"`);
    }
    obj.kind = type.kind;
    obj.apiVersion = expected;
    obj.metadata = isPlainObject(obj.metadata) ? obj.metadata : ({} as KubeObject['metadata']);
    if (typeof obj.metadata.name !== 'string') obj.metadata.name = '';
    return obj;
  }

  private scopeNamespace(type: ResourceType, ns: string | undefined, obj: KubeObject): void {
    if (!type.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = ns ?? obj.metadata.namespace;
  }

  create(type: ResourceType, ns: string | undefined, body: unknown, ctx: RequestContext): KubeObject {
    return this.run(ctx, () => this.doCreate(type, ns, this.decode(type, body), ctx));
  }

  private doCreate(type: ResourceType, ns: string | undefined, obj: KubeObject, ctx: RequestContext): KubeObject {
    this.scopeNamespace(type, ns, obj);
    applyDefaults(type, obj);
    let nsObj: KubeObject | undefined;
    if (type.namespaced) {
      const nsName = obj.metadata.namespace ?? '';
      nsObj = this.store.get('namespaces', undefined, nsName);
      if (!nsObj) throw notFound(NAMESPACES, nsName);
      if (nsObj.metadata.deletionTimestamp) {
        throw forbidden(type, obj.metadata.name, `unable to create new content in namespace ${nsName} because it is being terminated`);
      }
    }
    for (const plugin of this.admissions.get(type.resource) ?? []) plugin(type, obj, { dryRun: !!ctx.dryRun, namespace: nsObj });
    applyDefaults(type, obj);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) {
      do meta.name = `${meta.generateName}${this.random.string(5)}`;
      while (this.store.get(type.resource, meta.namespace, meta.name));
    }
    meta.uid = this.random.uuid();
    meta.creationTimestamp = this.timestamp();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    prepareForCreate(type, obj, this);
    const errs = validateCreate(type, obj);
    if (errs.length) throw invalid(type, meta.name, errs);
    if (this.store.get(type.resource, meta.namespace, meta.name)) throw alreadyExists(type, meta.name);
    this.recordManager(type, undefined, obj, ctx);
    const normalized = normalizeOrder(obj);
    return ctx.dryRun ? normalized : this.store.create(type.resource, normalized);
  }

  update(type: ResourceType, ns: string | undefined, name: string, body: unknown, ctx: RequestContext, subresource?: string): KubeObject {
    return this.run(ctx, () => {
      const current = this.mustGet(type, ns, name);
      const obj = this.decode(type, body);
      if (obj.metadata.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      }
      this.scopeNamespace(type, ns, obj);
      return this.commitUpdate(type, current, obj, ctx, subresource);
    });
  }

  patch(type: ResourceType, ns: string | undefined, name: string, patchType: PatchType, raw: string, ctx: RequestContext, subresource?: string): KubeObject {
    if (type.custom && patchType === 'strategic') throw unsupportedMediaType(CUSTOM_RESOURCE_PATCH_TYPES);
    return this.run(ctx, () => {
      const existing = this.store.get(type.resource, type.namespaced ? ns : undefined, name);
      if (!existing && patchType === 'apply') {
        const body = parseApplyBody(raw);
        return this.doCreate(type, ns, this.decode(type, { ...body, metadata: { ...body.metadata, name } }), ctx);
      }
      const current = existing ?? this.mustGet(type, ns, name);
      const patched = applyPatchDocument(current, patchType, raw);
      const obj = this.decode(type, patched);
      if (obj.metadata.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      }
      this.scopeNamespace(type, ns, obj);
      return this.commitUpdate(type, current, obj, ctx, subresource);
    });
  }

  private commitUpdate(type: ResourceType, current: KubeObject, body: KubeObject, ctx: RequestContext, subresource?: string): KubeObject {
    const name = current.metadata.name;
    const rv = body.metadata.resourceVersion;
    if (rv !== undefined && rv !== '') {
      if (!/^\d+$/.test(String(rv))) throw badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(String(rv))}: invalid syntax`);
      if (String(rv) !== current.metadata.resourceVersion) throw conflict(type, name);
    }
    applyDefaults(type, body);
    const obj = prepareForUpdate(type, body, current, subresource);
    obj.metadata.resourceVersion = current.metadata.resourceVersion;
    const errs = validateUpdate(type, obj, current);
    if (errs.length) throw invalid(type, name, errs);
    if (deepEqual(normalizeOrder(obj), current)) return current;
    this.recordManager(type, current, obj, ctx);
    const normalized = normalizeOrder(obj);
    return ctx.dryRun ? normalized : this.store.update(type.resource, normalized);
  }

  private recordManager(type: ResourceType, prev: KubeObject | undefined, next: KubeObject, ctx: RequestContext): void {
    if (!ctx.fieldManager) return;
    recordManagedFields(prev, next, { ...ctx.fieldManager, apiVersion: apiVersionOf(type), time: this.timestamp() });
  }

  delete(type: ResourceType, ns: string | undefined, name: string, ctx: RequestContext, opts: DeleteOptions = {}): KubeObject | KubeStatus {
    return this.run(ctx, () => {
      const current = this.mustGet(type, ns, name);
      const pre = opts.preconditions ?? {};
      if (pre.uid && pre.uid !== current.metadata.uid) {
        throw conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${current.metadata.resourceVersion}`);
      }
      if (type.kind === 'Namespace') return this.deleteNamespace(current, ctx);
      if (type.kind === 'CustomResourceDefinition') return this.deleteCrd(current, ctx);
      const graceful = type.kind === 'Pod' && !!(current.spec as { nodeName?: string } | undefined)?.nodeName && opts.gracePeriodSeconds !== 0;
      if (graceful) {
        if (current.metadata.deletionTimestamp) return current;
        const grace = opts.gracePeriodSeconds ?? ((current.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ?? 30);
        const marked = normalizeOrder({ ...current, metadata: { ...current.metadata, deletionTimestamp: this.timestamp(grace), deletionGracePeriodSeconds: grace } });
        return ctx.dryRun ? marked : this.store.update(type.resource, marked);
      }
      if (opts.propagationPolicy === 'Orphan' && !ctx.dryRun) this.orphanDependents(current);
      const gone = ctx.dryRun ? current : this.store.delete(type.resource, current.metadata.namespace, name) ?? current;
      if (type.returnsDeletedObject) return gone;
      return successStatus({ name, group: type.group, kind: type.resource, uid: current.metadata.uid });
    });
  }

  private deleteNamespace(current: KubeObject, ctx: RequestContext): KubeObject {
    if (current.metadata.deletionTimestamp) {
      throw conflict(NAMESPACES, current.metadata.name,
        'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.');
    }
    const marked = normalizeOrder({
      ...current,
      metadata: { ...current.metadata, deletionTimestamp: this.timestamp() },
      status: { phase: 'Terminating' },
    });
    return ctx.dryRun ? marked : this.store.update('namespaces', marked);
  }

  /** Like the apiextensions server: the cleanup finalizer and Terminating first; the CRD controller finishes. */
  private deleteCrd(current: KubeObject, ctx: RequestContext): KubeObject {
    if (current.metadata.deletionTimestamp) return current;
    const finalizers = [...new Set([...(current.metadata.finalizers ?? []), CRD_CLEANUP_FINALIZER])];
    const status = asObject(current.status);
    const conditions = [...asArray(status.conditions).filter((c) => asObject(c).type !== 'Terminating'), terminatingCondition(this.timestamp())];
    const marked = normalizeOrder({
      ...current,
      metadata: { ...current.metadata, deletionTimestamp: this.timestamp(), finalizers },
      status: { ...status, conditions },
    });
    return ctx.dryRun ? marked : this.store.update('customresourcedefinitions', marked);
  }

  private orphanDependents(owner: KubeObject): void {
    for (const dep of this.store.dependents(owner.metadata.uid ?? '')) {
      const refs = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      const meta = { ...dep.obj.metadata, ownerReferences: refs.length ? refs : undefined };
      this.store.update(dep.resource, normalizeOrder({ ...dep.obj, metadata: meta }));
    }
  }

  deleteCollection(type: ResourceType, ns: string | undefined, opts: ListOptions, ctx: RequestContext): KubeObject[] {
    return this.run(ctx, () => {
      const page = this.list(type, ns, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
      const out: KubeObject[] = [];
      for (const e of page.entries) {
        const res = this.delete(type, e.obj.metadata.namespace, e.obj.metadata.name, ctx);
        out.push(res.kind === 'Status' ? e.obj : (res as KubeObject));
      }
      return out;
    });
  }

  /** Controller writes: replace the stored object as is (status, annotations, spec.nodeName …). */
  writeInternal(type: ResourceType, obj: KubeObject): KubeObject {
    const current = this.store.get(type.resource, obj.metadata.namespace, obj.metadata.name);
    if (!current) return obj;
    const next = normalizeOrder({ ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } });
    if (deepEqual(next, current)) return current;
    return this.store.update(type.resource, next);
  }

  /** Controller deletes (garbage collection, kubelet finishing a graceful delete). */
  removeInternal(type: ResourceType, ns: string | undefined, name: string): void {
    this.store.delete(type.resource, ns, name);
  }

  /** Runs a block of controller/scenario work as one top-level operation. */
  batch<T>(fn: () => T): T {
    return this.run({ user: 'system:sim' }, fn);
  }
}
