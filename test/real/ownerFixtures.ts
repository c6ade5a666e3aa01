/**
 * Copies what the owner scenarios add on top of copyScenario into a real API server, through the raw API:
 * the CRDs first (waiting until Established and served), Helm release Secrets, custom resources owners-first
 * (with their status, through /status when it is a subresource), and the ownerReferences copyScenario drops —
 * re-pointed at the new owners' uids, since a real ownerReference must name an existing owner's uid.
 */
import type { ClusterApi } from '../../src/sim/core/clusterApi';
import type { ObjectStore } from '../../src/sim/core/objectStore';
import { apiVersionOf, type ResourceType } from '../../src/sim/core/resourceRegistry';
import type { KubeObject, StoredOwnerReference } from '../../src/sim/core/types';
import { installCrds } from '../contract/crdInstall';
import { rawOk, type RawApi } from '../contract/rawApi';

/** Kinds copyScenario creates without their ownerReferences. */
const OWNED_KINDS = ['configmaps', 'services', 'deployments', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations'];
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'ownerReferences', 'deletionTimestamp'];

export interface OwnerSource {
  store: ObjectStore;
  api: ClusterApi;
}

export interface CopiedOwners {
  /** Source uid → uid on the target, for every custom resource copied. */
  uids: Map<string, string>;
  crds: string[];
  secrets: string[];
}

export function resourcePath(type: ResourceType, namespace: string | undefined, name?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : '/api/v1';
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${type.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

function portable(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  for (const f of SERVER_FIELDS) delete copy.metadata[f];
  delete copy.status;
  return copy;
}

function remapped(refs: StoredOwnerReference[] | undefined, uids: Map<string, string>): StoredOwnerReference[] | undefined {
  const mapped = (refs ?? []).filter((r) => uids.has(r.uid)).map((r) => ({ ...r, uid: uids.get(r.uid) ?? '' }));
  return mapped.length ? mapped : undefined;
}

async function copyCustomResources(api: RawApi, source: OwnerSource, uids: Map<string, string>): Promise<void> {
  const types = source.api.resources.all().filter((t) => t.custom);
  let pending = types.flatMap((type) => source.store.list(type.resource).map((obj) => ({ type, obj })));
  const customUids = new Set(pending.map((p) => p.obj.metadata.uid));
  while (pending.length) {
    // Owners first: an object waits until every custom-resource owner it names has been created.
    const ready = pending.filter((p) => (p.obj.metadata.ownerReferences ?? []).every((r) => !customUids.has(r.uid) || uids.has(r.uid)));
    if (!ready.length) throw new Error(`ownerReferences form a cycle: ${pending.map((p) => p.obj.metadata.name).join(', ')}`);
    for (const { type, obj } of ready) {
      const body = portable(obj);
      body.apiVersion = apiVersionOf(type);
      body.kind = type.kind;
      const refs = remapped(obj.metadata.ownerReferences, uids);
      if (refs) body.metadata.ownerReferences = refs;
      const withStatus = obj.status !== undefined && !type.subresources.includes('status') ? { ...body, status: obj.status } : body;
      const created = (await rawOk(api, 'POST', resourcePath(type, obj.metadata.namespace), withStatus)) as KubeObject;
      uids.set(obj.metadata.uid ?? '', created.metadata.uid ?? '');
      if (obj.status !== undefined && type.subresources.includes('status')) {
        await rawOk(api, 'PATCH', `${resourcePath(type, obj.metadata.namespace, obj.metadata.name)}/status`, { status: obj.status }, 'application/merge-patch+json');
      }
    }
    pending = pending.filter((p) => !ready.includes(p));
  }
}

export async function copyOwnerObjects(api: RawApi, source: OwnerSource): Promise<CopiedOwners> {
  const crds = source.store.list('customresourcedefinitions').map(portable);
  if (crds.length) await installCrds(api, crds as (KubeObject & { spec: unknown })[]);
  const secrets = source.store.list('secrets').filter((s) => s.type === 'helm.sh/release.v1');
  for (const s of secrets) await rawOk(api, 'POST', `/api/v1/namespaces/${encodeURIComponent(s.metadata.namespace ?? '')}/secrets`, portable(s));
  const uids = new Map<string, string>();
  await copyCustomResources(api, source, uids);
  for (const resource of OWNED_KINDS) {
    const type = source.api.resources.byName(resource);
    if (!type) continue;
    for (const obj of source.store.list(resource)) {
      const refs = remapped(obj.metadata.ownerReferences, uids);
      if (!refs) continue;
      await rawOk(api, 'PATCH', resourcePath(type, obj.metadata.namespace, obj.metadata.name), { metadata: { ownerReferences: refs } }, 'application/merge-patch+json');
    }
  }
  return { uids, crds: crds.map((c) => c.metadata.name), secrets: secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`) };
}
