/** The verbs on resource paths: GET/LIST/WATCH, POST, PUT, PATCH, DELETE (+ status and scale). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterApi, DeleteOptions } from '../core/clusterApi';
import { genericServerResponse, invalidKind } from '../core/errors';
import type { ListOptions } from '../core/listing';
import { applyPatchDocument, patchTypeFor } from '../core/patching';
import { managerOf } from '../core/managedFields';
import type { ResourceType } from '../core/resourceRegistry';
import { scalePatch, toScale } from '../core/scale';
import type { KubeObject, RequestContext } from '../core/types';
import { asObject, isPlainObject } from '../util/json';
import { notSupported, required } from '../validation/fieldErrors';
import { authorizeResource, type SimUser } from './auth';
import { listKind } from './discovery';
import { decodeObjectBody, readBody } from './requestBody';
import { listMetadata, sendJson, sendList } from './responses';
import { toTable, wantsTable } from './tableConvert';
import type { WatchHub } from './watchStream';

export interface ResourceRequest {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPath: boolean;
}

const TRUE_VALUES = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

function verbOf(method: string, r: ResourceRequest, q: URLSearchParams): string | undefined {
  switch (method) {
    case 'GET':
      if (r.name && !r.watchPath) return 'get';
      return r.watchPath || TRUE_VALUES.has(q.get('watch') ?? '') ? 'watch' : 'list';
    case 'POST':
      return r.name ? undefined : 'create';
    case 'PUT':
      return r.name ? 'update' : undefined;
    case 'PATCH':
      return r.name ? 'patch' : undefined;
    case 'DELETE':
      return r.name ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

const OPTIONS_KIND: Record<string, string> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions', delete: 'DeleteOptions', deletecollection: 'DeleteOptions' };

function dryRunOf(verb: string, values: string[]): boolean {
  if (values.length === 0) return false;
  if (values.every((v) => v === 'All')) return true;
  const go = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
  throw invalidKind(`${OPTIONS_KIND[verb] ?? 'CreateOptions'}.meta.k8s.io`, 'meta.k8s.io', OPTIONS_KIND[verb] ?? 'CreateOptions', '', [notSupported('dryRun', go, ['All'])]);
}

function listOptions(q: URLSearchParams): ListOptions {
  const limit = q.get('limit');
  return {
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    limit: limit ? Number(limit) : undefined,
    continueToken: q.get('continue') ?? undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
  };
}

export class ResourceHandler {
  constructor(private readonly api: ClusterApi, private readonly watches: WatchHub) {}

  async handle(req: IncomingMessage, res: ServerResponse, r: ResourceRequest, user: SimUser, q: URLSearchParams): Promise<void> {
    const method = req.method ?? 'GET';
    const verb = verbOf(method, r, q);
    const allowed = r.subresource ? ['get', 'update', 'patch'] : r.type.verbs;
    if (!verb || !allowed.includes(verb) || (r.subresource === 'finalize' && verb !== 'update')) {
      throw genericServerResponse(405, '405: Method Not Allowed');
    }
    authorizeResource(user, { verb, type: r.type, namespace: r.namespace, name: r.name, subresource: r.subresource });
    const table = wantsTable(req.headers.accept);
    const includeObject = q.get('includeObject') ?? 'Metadata';
    if (verb === 'watch') {
      const opts = listOptions(q);
      if (r.name) opts.fieldSelector = [opts.fieldSelector, `metadata.name=${r.name}`].filter(Boolean).join(',');
      const timeout = q.get('timeoutSeconds');
      await this.watches.start(req, res, {
        type: r.type, namespace: r.namespace, opts, table, includeObject,
        timeoutSeconds: timeout ? Number(timeout) : undefined,
        allowBookmarks: TRUE_VALUES.has(q.get('allowWatchBookmarks') ?? ''),
      });
      return;
    }
    if (verb === 'list') {
      const page = this.api.list(r.type, r.namespace, listOptions(q));
      if (table) sendJson(res, 200, toTable(r.type, page.entries.map((e) => e.obj), listMetadata(page), includeObject));
      else sendList(res, r.type, page);
      return;
    }
    if (verb === 'get') {
      const obj = this.api.get(r.type, r.namespace, r.name ?? '');
      const out = r.subresource === 'scale' ? toScale(obj) : obj;
      sendJson(res, 200, table ? toTable(r.type, [obj], { resourceVersion: obj.metadata.resourceVersion }, includeObject) : out);
      return;
    }
    const raw = await readBody(req);
    const ctx: RequestContext = {
      user: user.name, dryRun: dryRunOf(verb, q.getAll('dryRun')),
      fieldManager: verb === 'delete' || verb === 'deletecollection' ? undefined : {
        manager: managerOf(q.get('fieldManager'), req.headers['user-agent']),
        operation: verb === 'patch' && patchTypeFor(req.headers['content-type']) === 'apply' ? 'Apply' : 'Update',
      },
    };
    switch (verb) {
      case 'create':
        sendJson(res, 201, this.api.create(r.type, r.namespace, decodeObjectBody(req, raw), ctx));
        return;
      case 'update':
        sendJson(res, 200, this.update(r, decodeObjectBody(req, raw), ctx));
        return;
      case 'patch':
        sendJson(res, 200, this.patch(req, r, raw, ctx, q));
        return;
      case 'delete':
        sendJson(res, 200, this.api.delete(r.type, r.namespace, r.name ?? '', ctx, deleteOptions(q, raw, ctx, verb)));
        return;
      case 'deletecollection': {
        deleteOptions(q, raw, ctx, verb);
        const items = this.api.deleteCollection(r.type, r.namespace, listOptions(q), ctx);
        sendJson(res, 200, { ...listKind(r.type), metadata: {}, items: items.map((o) => ({ ...o, kind: undefined, apiVersion: undefined })) });
        return;
      }
    }
  }

  private update(r: ResourceRequest, body: unknown, ctx: RequestContext): KubeObject {
    if (r.subresource === 'scale') {
      return toScale(this.api.patch(r.type, r.namespace, r.name ?? '', 'merge', scalePatch(body), ctx));
    }
    return this.api.update(r.type, r.namespace, r.name ?? '', body, ctx, r.subresource);
  }

  private patch(req: IncomingMessage, r: ResourceRequest, raw: string, ctx: RequestContext, q: URLSearchParams): KubeObject {
    const patchType = patchTypeFor(req.headers['content-type']);
    if (patchType === 'apply' && !q.get('fieldManager')) {
      throw invalidKind('PatchOptions.meta.k8s.io', 'meta.k8s.io', 'PatchOptions', '', [
        required('fieldManager', 'is required for apply patch'),
      ]);
    }
    if (r.subresource === 'scale') {
      const scale = applyPatchDocument(toScale(this.api.get(r.type, r.namespace, r.name ?? '')), patchType, raw);
      return toScale(this.api.patch(r.type, r.namespace, r.name ?? '', 'merge', scalePatch(scale), ctx));
    }
    return this.api.patch(r.type, r.namespace, r.name ?? '', patchType, raw, ctx, r.subresource);
  }
}

function deleteOptions(q: URLSearchParams, raw: string, ctx: RequestContext, verb: string): DeleteOptions {
  let body: Record<string, unknown> = {};
  if (raw.trim()) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isPlainObject(parsed)) body = parsed;
    } catch {
      // kubectl sends valid JSON; anything else is ignored like an empty body
    }
  }
  const bodyDryRun = Array.isArray(body.dryRun) ? body.dryRun.map(String) : [];
  if (bodyDryRun.length) ctx.dryRun = dryRunOf(verb, bodyDryRun);
  const grace = q.get('gracePeriodSeconds') ?? (typeof body.gracePeriodSeconds === 'number' ? String(body.gracePeriodSeconds) : null);
  const pre = asObject(body.preconditions);
  return {
    propagationPolicy: q.get('propagationPolicy') ?? (typeof body.propagationPolicy === 'string' ? body.propagationPolicy : undefined),
    gracePeriodSeconds: grace === null ? undefined : Number(grace),
    preconditions: { uid: pre.uid as string | undefined, resourceVersion: pre.resourceVersion as string | undefined },
  };
}
