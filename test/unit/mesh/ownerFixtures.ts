/**
 * Owner fixtures in the shapes of istio-model.md M15: Helm release Secrets (`sh.helm.release.v1.<name>.v<N>`,
 * labels owner/name/status/version, data.release = base64(base64(gzip(JSON)))), Helm's marks on the objects a
 * release renders, Sail owner references, Argo CD and Flux marks.
 */
import * as yaml from 'js-yaml';
import { encodeHelmRelease } from '../../../src/kube/helmReleaseDecoder';
import { trimHelmReleaseSecret } from '../../../src/kube/trimOwnerObjects';
import type { KHelmReleaseSecret, ObjectMeta } from '../../../src/mesh/kubeObjects';

export interface Rendered {
  kind: string;
  metadata: ObjectMeta;
  [k: string]: unknown;
}

export interface ReleaseSpec {
  name: string;
  namespace?: string;
  version?: number;
  status?: string;
  chart?: string;
  chartVersion?: string;
  values?: Record<string, unknown>;
  /** Objects its manifest renders (their whole YAML goes into the manifest, as Helm stores it). */
  objects: Rendered[];
}

/** A Helm v1 release as Helm stores it (pkg/release/v1 field names), chart templates included. */
export function releaseJson(spec: ReleaseSpec): Record<string, unknown> {
  const namespace = spec.namespace ?? 'istio-system';
  const chart = spec.chart ?? 'istiod';
  const manifest = spec.objects.map((o) => `---\n# Source: ${chart}/templates/${o.kind.toLowerCase()}.yaml\n${yaml.dump({ apiVersion: 'v1', ...o })}`).join('');
  return {
    name: spec.name,
    namespace,
    version: spec.version ?? 1,
    info: { first_deployed: '2026-01-01T00:00:00Z', last_deployed: '2026-01-02T00:00:00Z', deleted: '', description: 'Upgrade complete', status: spec.status ?? 'deployed' },
    chart: {
      metadata: { name: chart, version: spec.chartVersion ?? '1.24.2', appVersion: spec.chartVersion ?? '1.24.2', apiVersion: 'v2' },
      templates: [{ name: 'templates/deployment.yaml', data: Buffer.from('x'.repeat(2000)).toString('base64') }],
      values: { revision: '', revisionTags: [] },
    },
    config: spec.values ?? {},
    manifest,
    hooks: [],
  };
}

/** The Secret object the API returns for a release revision. */
export function releaseSecret(spec: ReleaseSpec, encoded = encodeHelmRelease(releaseJson(spec))): Record<string, unknown> {
  const version = spec.version ?? 1;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `sh.helm.release.v1.${spec.name}.v${version}`,
      namespace: spec.namespace ?? 'istio-system',
      labels: { owner: 'helm', name: spec.name, status: spec.status ?? 'deployed', version: String(version), modifiedAt: '1767312000' },
    },
    type: 'helm.sh/release.v1',
    data: { release: encoded },
  };
}

/** The Secret as src/kube keeps it: decoded by the real decoder, data dropped. */
export function decodedSecret(spec: ReleaseSpec): KHelmReleaseSecret {
  return trimHelmReleaseSecret(releaseSecret(spec));
}

/** Helm's marks on an object it rendered (istio-model.md M15): managed-by label and the release annotations. */
export function helmMarked<T extends { metadata: ObjectMeta }>(obj: T, release: string, namespace = 'istio-system'): T {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...obj.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': release, 'helm.sh/chart': 'istiod-1.24.2' },
      annotations: { ...obj.metadata.annotations, 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace },
    },
  };
}

/** Only the chart's labels: what `helm template | kubectl apply` leaves (istio-model.md M15). */
export function chartLabelled<T extends { metadata: ObjectMeta }>(obj: T, instance: string): T {
  return {
    ...obj,
    metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': instance, 'helm.sh/chart': 'istiod-1.24.2' } },
  };
}

/** Sail's post-renderer marks (istio-model.md M13): `managed-by: sail-operator` and a controller owner reference. */
export function sailOwned<T extends { metadata: ObjectMeta }>(obj: T, kind: 'IstioRevision' | 'IstioRevisionTag', name: string): T {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...obj.metadata.labels, 'managed-by': 'sail-operator' },
      ownerReferences: [{ apiVersion: 'sailoperator.io/v1', kind, name, uid: `uid-${name}`, controller: true }],
    },
  };
}

export function withLabels<T extends { metadata: ObjectMeta }>(obj: T, labels: Record<string, string>, annotations: Record<string, string> = {}): T {
  return { ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, ...labels }, annotations: { ...obj.metadata.annotations, ...annotations } } };
}

/** A rendered object for a manifest: the fixture with its `kind`. */
export function rendered(kind: string, obj: { metadata: ObjectMeta }): Rendered {
  return { ...obj, kind };
}
