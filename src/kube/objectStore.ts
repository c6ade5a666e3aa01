/** The cache's objects: one Map per kind keyed by namespace/name, with list arrays built lazily per kind. */
import type { ResourceKind, ResourceTypes, WatchEventType } from './clusterClient';
import type { ClusterInventory, ObjectMeta } from '../mesh/kubeObjects';

type Stored = { metadata: ObjectMeta };

function keyOf(o: Stored): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export class ObjectStore {
  private readonly maps = new Map<ResourceKind, Map<string, Stored>>();
  private readonly arrays = new Map<ResourceKind, Stored[]>();

  /** Replaces every object of `kind` (in `namespace`, or everywhere when undefined). */
  replace<K extends ResourceKind>(kind: K, namespace: string | undefined, objects: readonly ResourceTypes[K][]): void {
    const map = this.map(kind);
    if (namespace === undefined) {
      map.clear();
    } else {
      this.removeNamespace(kind, namespace);
    }
    for (const o of objects) map.set(keyOf(o), o);
    this.arrays.delete(kind);
  }

  apply<K extends ResourceKind>(kind: K, type: WatchEventType, object: ResourceTypes[K]): void {
    const map = this.map(kind);
    if (type === 'DELETED') {
      map.delete(keyOf(object));
    } else {
      map.set(keyOf(object), object);
    }
    this.arrays.delete(kind);
  }

  removeNamespace(kind: ResourceKind, namespace: string): void {
    const map = this.map(kind);
    const prefix = `${namespace}/`;
    for (const key of map.keys()) {
      if (key.startsWith(prefix)) map.delete(key);
    }
    this.arrays.delete(kind);
  }

  list<K extends ResourceKind>(kind: K): ResourceTypes[K][] {
    let array = this.arrays.get(kind);
    if (!array) {
      array = [...this.map(kind).values()];
      this.arrays.set(kind, array);
    }
    return array as ResourceTypes[K][];
  }

  size(): number {
    let n = 0;
    for (const m of this.maps.values()) n += m.size;
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

  private map(kind: ResourceKind): Map<string, Stored> {
    let m = this.maps.get(kind);
    if (!m) {
      m = new Map();
      this.maps.set(kind, m);
    }
    return m;
  }
}
