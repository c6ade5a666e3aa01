/** LIST semantics: selectors, etcd key order, `limit` + opaque `continue` tokens, remainingItemCount. */
import { fieldsMatch, parseFieldSelector, unsupportedField, type FieldRequirement } from '../selectors/fieldSelector';
import { labelsMatch, parseLabelSelector, type ParsedLabelSelector } from '../selectors/labelSelectorParser';
import { forbiddenField } from '../validation/fieldErrors';
import { badRequest, expired, invalidKind } from './errors';
import { compareKeys, lowerBound, objectKey, type ObjectStore, type StoredEntry } from './objectStore';
import type { ResourceType } from './resourceRegistry';
import type { KubeObject } from './types';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
}

export interface ListPage {
  entries: StoredEntry[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

export interface ObjectFilter {
  namespace?: string;
  labels: ParsedLabelSelector;
  fields: FieldRequirement[];
}

/** Parses selectors into a filter; malformed input → 400 BadRequest with the server's text. */
export function buildFilter(type: ResourceType, namespace: string | undefined, opts: ListOptions): ObjectFilter {
  let labels: ParsedLabelSelector = [];
  let fields: FieldRequirement[] = [];
  try {
    if (opts.labelSelector) labels = parseLabelSelector(opts.labelSelector);
    if (opts.fieldSelector) fields = parseFieldSelector(opts.fieldSelector);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  for (const f of fields) {
    const problem = unsupportedField(type.kind, f.field);
    if (problem) throw badRequest(problem);
  }
  return { namespace, labels, fields };
}

export function filterMatches(filter: ObjectFilter, obj: KubeObject): boolean {
  if (filter.namespace !== undefined && obj.metadata.namespace !== filter.namespace) return false;
  if (filter.labels.length && !labelsMatch(filter.labels, obj.metadata.labels)) return false;
  return filter.fields.length === 0 || fieldsMatch(filter.fields, obj);
}

function isEverything(filter: ObjectFilter): boolean {
  return filter.labels.length === 0 && filter.fields.length === 0;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, startKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start: `${startKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(text: string): { rv: number; start: string } {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    const bad = text.search(/[^A-Za-z0-9_-]/);
    throw badRequest(`continue key is not valid: illegal base64 data at input byte ${bad}`);
  }
  let token: Partial<ContinueToken>;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
  } catch (e) {
    throw badRequest(`continue key is not valid: ${(e as Error).message}`);
  }
  if (token.v !== 'meta.k8s.io/v1') {
    throw badRequest(`continue key is not valid: server does not recognize this encoded version "${token.v ?? ''}"`);
  }
  if (!token.rv) throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!token.start) throw badRequest('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  return { rv: token.rv, start: token.start };
}

/** Keys in a namespaced list are relative to `<ns>/`, as etcd keys are relative to the list prefix. */
function relativeKey(entry: StoredEntry, namespace: string | undefined): string {
  return namespace ? entry.key.slice(namespace.length + 1) : entry.key;
}

const INCONSISTENT_CONTINUE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list '
  + 'without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. '
  + 'Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted '
  + 'between the time the first chunk was returned and now may show up in the list.';

/**
 * The resource's entries as they were at `rv`: a continue page reads the first page's snapshot, like etcd
 * does. Rebuilt by undoing the later events; 410 Expired once the history no longer reaches back (compaction).
 */
function entriesAt(store: ObjectStore, resource: string, namespace: string | undefined, rv: number): StoredEntry[] {
  const current = store.entries(resource, namespace);
  if (rv >= store.currentResourceVersion) return current;
  const later = store.eventsAfter(rv);
  if (!later) throw expired(INCONSISTENT_CONTINUE);
  const undo = later.filter((e) => e.resource === resource && (namespace === undefined || e.object.metadata.namespace === namespace));
  if (undo.length === 0) return current;
  const byKey = new Map(current.map((e) => [e.key, e]));
  for (const e of undo.reverse()) {
    const key = objectKey(e.object.metadata.namespace || undefined, e.object.metadata.name);
    if (e.type === 'ADDED') byKey.delete(key);
    else if (e.prev) byKey.set(key, { key, obj: e.prev });
  }
  return [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key));
}

export function listObjects(store: ObjectStore, type: ResourceType, namespace: string | undefined, opts: ListOptions): ListPage {
  const filter = buildFilter(type, type.namespaced ? namespace : undefined, opts);
  if (opts.continueToken && opts.resourceVersion) {
    throw invalidKind('ListOptions.meta.k8s.io', 'meta.k8s.io', 'ListOptions', '', [
      forbiddenField('resourceVersion', 'specifying resource version is not allowed when using continue'),
    ]);
  }
  let all = store.entries(type.resource, type.namespaced ? namespace : undefined);
  let rv = store.currentResourceVersion;
  let startIndex = 0;
  if (opts.continueToken) {
    const token = decodeContinue(opts.continueToken);
    rv = token.rv;
    all = entriesAt(store, type.resource, type.namespaced ? namespace : undefined, rv);
    const startKey = namespace ? `${namespace}/${token.start}` : token.start;
    startIndex = lowerBound(all, startKey);
  }
  // A list served from the watch cache (resourceVersion=0) ignores limit, like the real server.
  const limit = opts.resourceVersion === '0' ? 0 : opts.limit && opts.limit > 0 ? opts.limit : 0;
  const entries: StoredEntry[] = [];
  let i = startIndex;
  for (; i < all.length; i++) {
    if (limit && entries.length === limit) break;
    const e = all[i];
    if (filterMatches(filter, e.obj)) entries.push(e);
  }
  const page: ListPage = { entries, resourceVersion: String(rv) };
  if (limit && entries.length === limit && i < all.length) {
    page.continueToken = encodeContinue(rv, relativeKey(entries[entries.length - 1], type.namespaced ? namespace : undefined));
    if (isEverything(filter)) page.remainingItemCount = all.length - i;
  }
  return page;
}
