/** How an owner reads in the tree, tooltips and reports: "Helm release istiod-canary · istiod 1.24.2", "Sail IstioRevisionTag prod". */
import type { ManagedBy } from '../model';

/** The owner in a few words, without chart or status: "Helm release istiod-canary", "Flux Kustomization apps/payments". */
export function ownerShort(o: ManagedBy): string {
  const qualified = o.namespace ? `${o.namespace}/${o.name}` : o.name;
  switch (o.kind) {
    case 'helm': return `Helm release ${o.name}`;
    case 'sail': return `Sail ${o.resource} ${o.name}`;
    case 'argocd': return `Argo CD app ${qualified}`;
    case 'flux': return `Flux ${o.resource} ${qualified}`;
    case 'istioctl': return o.resource === 'IstioOperator' ? `istioctl install (IstioOperator ${o.name})` : `istioctl install (revision ${o.name})`;
  }
}

/** The owner with its chart and any pending Helm operation: "Helm release istiod-canary · istiod 1.24.2 · ⚠ pending-upgrade". */
export function ownerText(o: ManagedBy): string {
  const parts = [ownerShort(o)];
  if (o.chart) parts.push(o.chart);
  if (o.releaseStatus) parts.push(`⚠ ${o.releaseStatus}`);
  return parts.join(' · ');
}

/** Who puts a direct edit back, and when (istio-model.md M15, "what reverts our edits"). */
export function revertedBy(o: ManagedBy): string {
  switch (o.kind) {
    case 'sail': return 'The Sail Operator re-renders what it owns on any change to it: a direct edit is put back at once.';
    case 'helm': return `The next \`helm upgrade\` or \`helm rollback\` of ${o.name} restores the chart's fields (Helm 4: it fails with a field conflict instead).`;
    case 'argocd': return `Argo CD puts Git's values back at the next sync of ${o.name} (at once with self-heal).`;
    case 'flux': return o.resource === 'HelmRelease'
      ? `Flux's helm-controller restores the chart's values at the next upgrade of ${o.name} (or at once with drift detection).`
      : `Flux's kustomize-controller re-applies Git every interval of ${o.name}, and strips fields set with kubectl.`;
    case 'istioctl': return 'The next `istioctl install` re-applies (and may prune) it; `istioctl uninstall --revision` deletes it.';
  }
}
