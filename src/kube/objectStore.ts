/** The cache's objects: per kind, a Map by namespace then name, with list arrays built lazily per kind. */
import type { ResourceKind, ResourceTypes, WatchEventType } from './clusterClient';
import type { ClusterInventory, ObjectMeta } from '../mesh/kubeObjects';

type Stored = { metadata: ObjectMeta };

/** name → object, in one namespace ('' for cluster-scoped kinds). */
type Names = Map<string, Stored>;

/**
 * Keyed by namespace, then name: a `namespace/name` key per object was one more string (~90 bytes with its
 * concatenation) for each of 100,000 Pods.
 */
export class ObjectStore {
  private readonly maps = new Map<ResourceKind, Map<string, Names>>();
  private readonly arrays = new Map<ResourceKind, Stored[]>();
  private readonly counts = new Map<ResourceKind, number>();

  /** Replaces every object of `kind` (in `namespace`, or everywhere when undefined). */
  replace<K extends ResourceKind>(kind: K, namespace: string | undefined, objects: readonly ResourceTypes[K][]): void {
    const map = this.map(kind);
    if (namespace === undefined) {
      map.clear();
      this.counts.set(kind, 0);
    } else {
      this.removeNamespace(kind, namespace);
    }
    for (const o of objects) this.put(kind, map, o);
    this.arrays.delete(kind);
  }

  apply<K extends ResourceKind>(kind: K, type: WatchEventType, object: ResourceTypes[K]): void {
    const map = this.map(kind);
    if (type === 'DELETED') {
      const ns = object.metadata.namespace ?? '';
      const names = map.get(ns);
      if (names?.delete(object.metadata.name)) {
        this.counts.set(kind, (this.counts.get(kind) ?? 1) - 1);
        if (names.size === 0) map.delete(ns);
      }
    } else {
      this.put(kind, map, object);
    }
    this.arrays.delete(kind);
  }

  removeNamespace(kind: ResourceKind, namespace: string): void {
    const map = this.map(kind);
    const names = map.get(namespace);
    if (!names) return;
    this.counts.set(kind, (this.counts.get(kind) ?? names.size) - names.size);
    map.delete(namespace);
    this.arrays.delete(kind);
  }

  list<K extends ResourceKind>(kind: K): ResourceTypes[K][] {
    let array = this.arrays.get(kind);
    if (!array) {
      array = [];
      for (const names of this.map(kind).values()) for (const o of names.values()) array.push(o);
      this.arrays.set(kind, array);
    }
    return array as ResourceTypes[K][];
  }

  size(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  inventory(): ClusterInventory {
    return {
      namespaces: this.list('namespaces'),
      pods: this.list('pods'),
      deployments: this.list('deployments'),
      statefulSets: this.list('statefulsets'),
      daemonSets: this.list('daemonsets'),
      mutatingWebhooks: this.list('mutatingwebhookconfigurations'),
      validatingWebhooks: this.list('validatingwebhookconfigurations'),
      services: this.list('services'),
      configMaps: this.list('configmaps'),
      helmReleaseSecrets: this.list('secrets'),
      sailIstios: this.list('istios'),
      sailRevisions: this.list('istiorevisions'),
      sailRevisionTags: this.list('istiorevisiontags'),
    };
  }

  private put(kind: ResourceKind, map: Map<string, Names>, o: Stored): void {
    const ns = o.metadata.namespace ?? '';
    let names = map.get(ns);
    if (!names) map.set(ns, (names = new Map()));
    const size = names.size;
    names.set(o.metadata.name, o);
    if (names.size !== size) this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  private map(kind: ResourceKind): Map<string, Names> {
    let m = this.maps.get(kind);
    if (!m) {
      m = new Map();
      this.maps.set(kind, m);
    }
    return m;
  }

  /** Adds one LIST page of `kind` as it streams in (a later page never repeats an object of an earlier one). */
  addPage<K extends ResourceKind>(kind: K, objects: readonly ResourceTypes[K][]): void {
    const map = this.map(kind);
    for (const o of objects) this.put(kind, map, o);
    this.arrays.delete(kind);
  }
}
