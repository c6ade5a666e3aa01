/**
 * The simulated Git side of GitOps: what Argo CD Applications and Flux Kustomizations would apply. The self-heal
 * controller compares live objects with it; tests may "commit" to it (set, remove) to model a change made in Git.
 */

export type GitOwner =
  | { kind: 'argocd'; app: string; appNamespace: string }
  | { kind: 'flux'; name: string; namespace: string };

export interface GitManifest {
  /** Plural resource, e.g. `namespaces`. */
  resource: string;
  namespace?: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  owner: GitOwner;
}

export class GitRepository {
  private readonly manifests = new Map<string, GitManifest>();

  private static key(resource: string, namespace: string | undefined, name: string): string {
    return `${resource}|${namespace ?? ''}|${name}`;
  }

  set(m: GitManifest): void {
    this.manifests.set(GitRepository.key(m.resource, m.namespace, m.name), structuredClone(m));
  }

  get(resource: string, namespace: string | undefined, name: string): GitManifest | undefined {
    return this.manifests.get(GitRepository.key(resource, namespace, name));
  }

  remove(resource: string, namespace: string | undefined, name: string): void {
    this.manifests.delete(GitRepository.key(resource, namespace, name));
  }

  all(): GitManifest[] {
    return [...this.manifests.values()];
  }

  tracks(resource: string): boolean {
    for (const m of this.manifests.values()) if (m.resource === resource) return true;
    return false;
  }
}
