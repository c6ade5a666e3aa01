/**
 * What to commit instead of relabelling a GitOps-managed namespace (istio-model.md M15):
 * the Namespace as Git should hold it, the same change as a kustomize patch (JSON 6902, for an overlay that cannot
 * edit the base), and the temporary opt-outs — Argo CD `ignoreDifferences` with `RespectIgnoreDifferences`, Flux
 * `.spec.ignore`. All YAML is written by js-yaml, so a hostile label or name stays one quoted scalar.
 */
import * as yaml from 'js-yaml';
import type { ManagedBy } from '../model';

export interface Relabel {
  namespace: string;
  /** The namespace's labels now. */
  labels: Record<string, string>;
  set: Record<string, string>;
  remove: readonly string[];
}

/** Labels the owner writes itself (Flux's owner labels), which are not in Git. */
const OWNER_LABEL = /^(kustomize|helm)\.toolkit\.fluxcd\.io\//;

const dump = (value: unknown): string => yaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: false });

/** JSON pointer of a label key: `istio.io/rev` → `/metadata/labels/istio.io~1rev`. */
export function labelPointer(key: string): string {
  return `/metadata/labels/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The Namespace as Git should hold it after the change (labels the owner adds itself left out). */
export function namespaceManifest(r: Relabel): string {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.labels)) if (!OWNER_LABEL.test(k) && !r.remove.includes(k)) labels[k] = v;
  Object.assign(labels, r.set);
  const removed = r.remove.length ? `# removed: ${r.remove.join(', ')}\n` : '';
  return removed + dump({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: r.namespace, labels } });
}

/** A `patches:` entry for kustomization.yaml: JSON 6902 remove/add ops (remove fails if the base lacks the label). */
export function kustomizePatch(r: Relabel): string {
  const ops = [
    ...r.remove.map((k) => ({ op: 'remove', path: labelPointer(k) })),
    ...Object.entries(r.set).map(([k, v]) => ({ op: 'add', path: labelPointer(k), value: v })),
  ];
  return `# kustomization.yaml\n${dump({ patches: [{ target: { version: 'v1', kind: 'Namespace', name: r.namespace }, patch: dump(ops) }] })}`;
}

/** The opt-out that stops the owner from putting the labels back (a stop-gap: Git still says otherwise). */
export function ignoreRule(owner: ManagedBy, r: Relabel): string {
  const pointers = [...new Set([...r.remove, ...Object.keys(r.set)])].map(labelPointer);
  if (owner.kind === 'argocd') {
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: owner.name, ...(owner.namespace ? { namespace: owner.namespace } : {}) } };
    return `# Argo CD Application (merge into its spec)\n${dump({
      ...app,
      spec: {
        ignoreDifferences: [{ group: '', kind: 'Namespace', name: r.namespace, jsonPointers: pointers }],
        syncPolicy: { syncOptions: ['RespectIgnoreDifferences=true'] },
      },
    })}`;
  }
  return `# Flux Kustomization (kustomize-controller v1.9+; merge into its spec)\n${dump({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: owner.name, ...(owner.namespace ? { namespace: owner.namespace } : {}) },
    spec: { ignore: [{ paths: pointers, target: { kind: 'Namespace', name: r.namespace } }] },
  })}`;
}
