/** Maps a request path onto a discovery document, a resource request or a 404, like the apiserver mux. */
import type { ResourceType } from '../core/resourceRegistry';
import type { ServedResources } from '../core/servedResources';

export type Route =
  | { kind: 'text'; body: string }
  | { kind: 'version' }
  | { kind: 'discovery'; doc: 'api' | 'apis' | 'group' | 'groupVersion'; group: string; version: string }
  | { kind: 'resource'; type: ResourceType; namespace?: string; name?: string; subresource?: string; watchPath: boolean }
  | { kind: 'podProxy'; namespace: string; target: string; path: string }
  | { kind: 'serviceProxy'; namespace: string; target: string; path: string }
  | { kind: 'notFoundStatus' }
  | { kind: 'notFoundText' };

const HEALTH = new Set(['/healthz', '/readyz', '/livez']);

function knownGroup(served: ServedResources, group: string): boolean {
  return served.groupVersions().some((gv) => gv.group === group);
}

function knownGroupVersion(served: ServedResources, group: string, version: string): boolean {
  return served.groupVersions().some((gv) => gv.group === group && gv.version === version);
}

export function parsePath(pathname: string, served: ServedResources): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (HEALTH.has(path) || /^\/(healthz|readyz|livez)\/[a-z-]+$/.test(path)) return { kind: 'text', body: 'ok' };
  if (path === '/version') return { kind: 'version' };
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (seg[0] === 'api') {
    if (seg.length === 1) return { kind: 'discovery', doc: 'api', group: '', version: '' };
    if (seg[1] !== 'v1') return { kind: 'notFoundText' };
    group = '';
    version = 'v1';
    if (seg.length === 2) return { kind: 'discovery', doc: 'groupVersion', group, version };
    rest = seg.slice(2);
  } else if (seg[0] === 'apis') {
    if (seg.length === 1) return { kind: 'discovery', doc: 'apis', group: '', version: '' };
    group = seg[1];
    if (!knownGroup(served, group)) return { kind: 'notFoundText' };
    if (seg.length === 2) return { kind: 'discovery', doc: 'group', group, version: '' };
    version = seg[2];
    if (!knownGroupVersion(served, group, version)) return { kind: 'notFoundText' };
    if (seg.length === 3) return { kind: 'discovery', doc: 'groupVersion', group, version };
    rest = seg.slice(3);
  } else {
    return { kind: 'notFoundText' };
  }
  const route = resourceRoute(served, group, version, rest);
  // The apiextensions server answers unknown paths of a custom group with the plain-text 404.
  const customGroup = served.resourcesIn(group, version).every((t) => t.custom);
  return route.kind === 'notFoundStatus' && customGroup ? { kind: 'notFoundText' } : route;
}

function resourceRoute(served: ServedResources, group: string, version: string, parts: string[]): Route {
  let rest = parts;
  const watchPath = rest[0] === 'watch';
  if (watchPath) rest = rest.slice(1);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nested = served.find(group, version, rest[2]);
    if (nested && nested.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    } else if (group !== '' || rest.length > 3 || !['status', 'finalize'].includes(rest[2])) {
      return { kind: 'notFoundStatus' };
    }
  }
  if (group === '' && namespace !== undefined && rest[0] === 'pods' && rest[2] === 'proxy' && rest[1]) {
    return { kind: 'podProxy', namespace, target: rest[1], path: rest.slice(3).join('/') };
  }
  if (group === '' && namespace !== undefined && rest[0] === 'services' && rest[2] === 'proxy' && rest[1]) {
    return { kind: 'serviceProxy', namespace, target: rest[1], path: rest.slice(3).join('/') };
  }
  const type = served.find(group, version, rest[0] ?? '');
  if (!type || rest.length > 3) return { kind: 'notFoundStatus' };
  const name = rest[1];
  const subresource = rest[2];
  if (type.namespaced && namespace === undefined && name !== undefined) return { kind: 'notFoundStatus' };
  if (subresource !== undefined && !type.subresources.includes(subresource)) return { kind: 'notFoundStatus' };
  return { kind: 'resource', type, namespace, name, subresource, watchPath };
}
