/**
 * How the cluster's control plane was installed, from its owners (issue 13 item 5): the install helper proposes the
 * same way for the next revision — the Sail Operator's `Istio` (RevisionBased, then `spec.version`), Helm (istiod
 * per revision, `revisionTags`, the base chart's `defaultRevision`) or `istioctl install`.
 */
import type { MeshSnapshot } from './model';

export type InstallMethod = 'sail' | 'helm' | 'istioctl';

export interface InstallMethodGuess {
  method: InstallMethod;
  /** Why, in a few words: "Helm releases istiod-1-24-3, istiod-1-25-1". */
  why: string;
}

export function installMethodOf(snapshot: MeshSnapshot | undefined): InstallMethodGuess {
  const istios = snapshot?.owners?.sail?.istios ?? [];
  const owners = (snapshot?.revisions ?? []).map((r) => r.managedBy).filter((o) => o !== undefined);
  if (istios.length || owners.some((o) => o.kind === 'sail')) {
    return { method: 'sail', why: istios.length ? `Sail Istio ${istios.map((i) => i.name || '(none)').join(', ')}` : 'revisions rendered by the Sail Operator' };
  }
  const helm = [...new Set(owners.filter((o) => o.kind === 'helm' || (o.kind === 'flux' && o.resource === 'HelmRelease')).map((o) => o.name))];
  if (helm.length) return { method: 'helm', why: `Helm release${helm.length === 1 ? '' : 's'} ${helm.join(', ')}` };
  const istioctl = owners.find((o) => o.kind === 'istioctl');
  return { method: 'istioctl', why: istioctl ? `istioctl install (${istioctl.name})` : 'no Helm release or Sail resource owns the control plane' };
}
