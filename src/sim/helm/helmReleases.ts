/**
 * `helm install|upgrade|uninstall` against the simulator's API, the way Helm 3 does them: rendered objects get
 * Helm's ownership marks (istio-model.md M15) and are created or three-way merged onto the live objects, objects dropped from
 * the chart are deleted, and every install/upgrade stores a new release revision Secret (the previous one becomes
 * `superseded`; history is trimmed to 10). Used by the Helm scenario and by the simulated Sail operator.
 */
import * as yaml from 'js-yaml';
import type { ClusterApi } from '../core/clusterApi';
import { StatusError } from '../core/errors';
import { resourceByName, type ResourceType } from '../core/resourceRegistry';
import type { KubeObject, RequestContext } from '../core/types';
import { asObject, deepClone, isPlainObject, type JsonObject } from '../util/json';
import { readReleaseSecret, releaseSecret, type ChartMetadata, type ReleaseRecord, type ReleaseStatus } from './releaseSecret';
import { threeWayMerge } from './threeWayMerge';

export interface ChartObject {
  /** Template path in the chart, e.g. `templates/deployment.yaml`. */
  source: string;
  object: KubeObject;
}

export interface HelmRelease {
  name: string;
  namespace: string;
  chart: ChartMetadata;
  /** The user-supplied values (stored as the release's `config`). */
  values: JsonObject;
  /** The chart's defaults as stored in the release's chart (`chart.values`). */
  chartValues?: JsonObject;
  objects: ChartObject[];
  /** A post-renderer's marks (Sail: label and ownerReference); they are part of the stored manifest. */
  postRender?: (obj: KubeObject) => KubeObject;
}

export const HELM_MAX_HISTORY = 10;
const SECRETS = resourceByName('secrets');

/** Helm's InstallOrder (pkg/release/util/kind_sorter.go), for the kinds Istio charts render. */
const INSTALL_ORDER = ['Namespace', 'ServiceAccount', 'Secret', 'ConfigMap', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Pod', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function orderOf(kind: string | undefined): number {
  const i = INSTALL_ORDER.indexOf(kind ?? '');
  return i < 0 ? INSTALL_ORDER.length : i;
}

export function renderManifest(chart: string, objects: ChartObject[]): string {
  const sorted = [...objects].sort((a, b) => orderOf(a.object.kind) - orderOf(b.object.kind));
  return sorted.map((o) => `---\n# Source: ${chart}/${o.source}\n${yaml.dump(o.object, { noRefs: true, lineWidth: -1 })}`).join('');
}

/** The objects a stored manifest lists (what `helm uninstall` would delete). */
export function manifestObjects(manifest: string): KubeObject[] {
  return yaml.loadAll(manifest).filter((d): d is KubeObject => isPlainObject(d) && isPlainObject(d.metadata));
}

/** Helm's ownership marks on the live object (not in the stored manifest). */
export function withHelmMarks(obj: KubeObject, release: string, namespace: string): KubeObject {
  const copy = deepClone(obj);
  copy.metadata.labels = { ...copy.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' };
  copy.metadata.annotations = { ...copy.metadata.annotations, 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace };
  return copy;
}

/** Release revision Secrets of one release, oldest first. */
export function releaseHistory(api: ClusterApi, name: string, namespace: string): KubeObject[] {
  return api.store.list('secrets', namespace)
    .filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === name)
    .sort((a, b) => Number(a.metadata.labels?.version) - Number(b.metadata.labels?.version));
}

function typeOf(api: ClusterApi, obj: KubeObject): ResourceType {
  const type = api.resources.forKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!type) throw new Error(`helm: no resource type serves ${obj.apiVersion}/${obj.kind}`);
  return type;
}

function keyOf(api: ClusterApi, obj: KubeObject, namespace: string): string {
  const type = typeOf(api, obj);
  return `${type.resource}|${type.namespaced ? (obj.metadata.namespace ?? namespace) : ''}|${obj.metadata.name}`;
}

function applyObject(api: ClusterApi, obj: KubeObject, namespace: string, ctx: RequestContext): void {
  const type = typeOf(api, obj);
  const ns = type.namespaced ? (obj.metadata.namespace ?? namespace) : undefined;
  const live = api.store.get(type.resource, ns, obj.metadata.name);
  if (!live) api.create(type, ns, { ...obj, metadata: { ...obj.metadata, namespace: ns } }, ctx);
  else api.update(type, ns, obj.metadata.name, threeWayMerge(live, obj), ctx);
}

function deleteQuietly(api: ClusterApi, obj: KubeObject, namespace: string, ctx: RequestContext): void {
  const type = api.resources.forKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!type) return;
  try {
    api.delete(type, type.namespaced ? (obj.metadata.namespace ?? namespace) : undefined, obj.metadata.name, ctx);
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 404)) throw e;
  }
}

function setStatus(api: ClusterApi, secret: KubeObject, status: ReleaseStatus, ctx: RequestContext): void {
  const record = readReleaseSecret(secret);
  const next = releaseSecret({ ...record, info: { ...record.info, status } }, secret.metadata.creationTimestamp ?? api.timestamp(), api.timestamp());
  api.update(SECRETS, secret.metadata.namespace, secret.metadata.name, { ...next, metadata: { ...next.metadata, resourceVersion: secret.metadata.resourceVersion } }, ctx);
}

/**
 * `helm upgrade --install`: renders, applies, records revision N+1 as deployed. Returns the new revision.
 * `description` is what `helm history` shows ("Install complete", "Upgrade complete").
 */
export function helmUpgradeInstall(api: ClusterApi, release: HelmRelease, ctx: RequestContext = { user: 'helm' }): number {
  const rendered = release.objects.map((o) => ({ source: o.source, object: release.postRender ? release.postRender(o.object) : o.object }));
  const history = releaseHistory(api, release.name, release.namespace);
  const last = history.at(-1);
  const previous = last ? readReleaseSecret(last) : undefined;
  for (const o of rendered) applyObject(api, withHelmMarks(o.object, release.name, release.namespace), release.namespace, ctx);
  const keep = new Set(rendered.map((o) => keyOf(api, o.object, release.namespace)));
  for (const old of previous ? manifestObjects(previous.manifest) : []) {
    if (api.resources.forKind(old.apiVersion ?? '', old.kind ?? '') && !keep.has(keyOf(api, old, release.namespace))) deleteQuietly(api, old, release.namespace, ctx);
  }
  for (const s of history) if (s.metadata.labels?.status === 'deployed') setStatus(api, s, 'superseded', ctx);
  const now = api.timestamp();
  const version = (previous?.version ?? 0) + 1;
  const record: ReleaseRecord = {
    name: release.name,
    namespace: release.namespace,
    version,
    info: { first_deployed: previous?.info.first_deployed ?? now, last_deployed: now, deleted: '', description: previous ? 'Upgrade complete' : 'Install complete', status: 'deployed' },
    chart: { metadata: { apiVersion: 'v2', description: `Helm chart for ${release.chart.name}`, ...release.chart }, values: release.chartValues ?? {} },
    config: release.values,
    manifest: renderManifest(release.chart.name, rendered),
    hooks: [],
  };
  api.create(SECRETS, release.namespace, releaseSecret(record, now), ctx);
  for (const old of releaseHistory(api, release.name, release.namespace).slice(0, -HELM_MAX_HISTORY)) {
    api.delete(SECRETS, release.namespace, old.metadata.name, ctx);
  }
  return version;
}

/** `helm uninstall`: deletes what the last revision's manifest lists, then the release history. */
export function helmUninstall(api: ClusterApi, name: string, namespace: string, ctx: RequestContext = { user: 'helm' }): void {
  const history = releaseHistory(api, name, namespace);
  const last = history.at(-1);
  if (!last) return;
  for (const obj of manifestObjects(readReleaseSecret(last).manifest)) deleteQuietly(api, obj, namespace, ctx);
  for (const s of history) api.delete(SECRETS, namespace, s.metadata.name, ctx);
}

/** The values a release was installed with (`helm get values`). */
export function releaseValues(secret: KubeObject): JsonObject {
  return asObject(readReleaseSecret(secret).config);
}
