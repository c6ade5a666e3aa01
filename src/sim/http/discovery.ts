/** /version and the discovery documents (/api, /apis, APIGroup, APIResourceList) in 1.20's shapes. */
import { apiVersionOf, type ResourceType } from '../core/resourceRegistry';
import type { ServedResources } from '../core/servedResources';

export const VERSION_INFO = {
  major: '1',
  minor: '20',
  gitVersion: 'v1.20.2',
  gitCommit: 'faecb196815e248d3ecfb03c680a4507229c2a56',
  gitTreeState: 'clean',
  buildDate: '2021-01-13T13:20:00Z',
  goVersion: 'go1.15.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(served: ServedResources, group: string): object {
  const versions = served.groupVersions().filter((gv) => gv.group === group).map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(served: ServedResources): object {
  const groups = [...new Set(served.groupVersions().map((gv) => gv.group).filter((g) => g))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupEntry(served, g)) };
}

export function apiGroup(served: ServedResources, group: string): object {
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(served, group) };
}

function subresourceEntry(type: ResourceType, sub: string): object {
  if (sub === 'scale') {
    return { name: `${type.resource}/scale`, singularName: '', namespaced: type.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
  }
  const verbs = sub === 'finalize' ? ['update'] : ['get', 'patch', 'update'];
  return { name: `${type.resource}/${sub}`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs };
}

export function apiResourceList(served: ServedResources, group: string, version: string): object {
  const resources: object[] = [];
  for (const type of served.resourcesIn(group, version)) {
    const entry: Record<string, unknown> = { name: type.resource, singularName: type.custom?.singular ?? '', namespaced: type.namespaced, kind: type.kind, verbs: type.verbs };
    if (type.shortNames.length) entry.shortNames = type.shortNames;
    if (type.categories.length) entry.categories = type.categories;
    resources.push(entry);
    for (const sub of type.subresources) resources.push(subresourceEntry(type, sub));
  }
  const groupVersion = group ? `${group}/${version}` : version;
  // The core group's list has no apiVersion field, as served by 1.20.
  return group
    ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources }
    : { kind: 'APIResourceList', groupVersion, resources };
}

export function listKind(type: ResourceType): { kind: string; apiVersion: string } {
  return { kind: type.custom?.listKind ?? `${type.kind}List`, apiVersion: apiVersionOf(type) };
}
