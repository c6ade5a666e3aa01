/**
 * Precheck findings where the install's owner matters (issue 13, istio-model.md M15): owners that could not be read,
 * a Helm release caught mid-operation (`pending-*`), a tag webhook carrying Helm annotations its release does not
 * render (`istioctl tag set` copies them), and revisions whose "in use" Sail judges differently from us (M13).
 */
import type { ClusterInventory } from './kubeObjects';
import type { Finding } from './finding';
import type { MeshSnapshot } from './model';
import { isPendingStatus, latestReleases } from './owners/helmReleases';
import { HELM_RELEASE_NAME, HELM_RELEASE_NAMESPACE, detectOwner } from './owners/objectOwner';
import { annotationsOf, arr, nameOf } from './untrusted';

function unreadable(snapshot: MeshSnapshot): Finding[] {
  const problems = snapshot.owners?.problems ?? [];
  if (problems.length === 0) return [];
  return [{
    id: 'owners:unreadable', code: 'owners-unreadable', severity: 'warning', objects: [],
    title: 'Owners could not be read in full',
    detail: `${problems.join('; ')}. Objects whose owner could not be proven are shown without one: a Helm release or the Sail Operator may still `
      + 'keep them and revert a direct edit. Grant list/watch on Secrets in the Istio namespaces (and on sailoperator.io resources) to see the owners.',
  }];
}

function pendingReleases(snapshot: MeshSnapshot): Finding[] {
  return (snapshot.owners?.helmReleases ?? []).filter((r) => isPendingStatus(r.status)).map((r) => ({
    id: `helm-pending:${r.namespace}/${r.name}`, code: 'helm-release-pending', severity: 'warning' as const,
    title: `Helm release ${r.name} is ${r.status}`,
    detail: `Revision ${r.version} of Helm release ${r.namespace}/${r.name} is ${r.status}: a Helm operation is running or died mid-way. `
      + `Do not change the objects it renders until it has finished: \`helm history ${r.name} -n ${r.namespace}\` shows it; a dead operation is ended with `
      + `\`helm rollback ${r.name} -n ${r.namespace}\` (to the last deployed revision).`,
    objects: [{ kind: 'HelmRelease', namespace: r.namespace, name: r.name }],
  }));
}

function copiedHelmAnnotations(inv: ClusterInventory, snapshot: MeshSnapshot): Finding[] {
  if (!snapshot.owners) return [];
  const releases = latestReleases(inv.helmReleaseSecrets);
  const out: Finding[] = [];
  for (const tag of snapshot.tags) {
    const webhook = tag.webhook ? arr(inv.mutatingWebhooks).find((w) => nameOf(w) === tag.webhook) : undefined;
    // An istioctl-installed revision's tag keeps its istioctl owner, but the copied annotations mislead Helm all the same.
    if (!webhook || tag.managedBy?.kind === 'helm') continue;
    const a = annotationsOf(webhook);
    const [release, ns] = [a[HELM_RELEASE_NAME], a[HELM_RELEASE_NAMESPACE]];
    // Only when the release was read and renders no such webhook: otherwise the owner is merely unknown.
    if (!release || !ns || !releases.some((r) => r.name === release && r.namespace === ns && r.objects)) continue;
    if (!detectOwner(webhook, 'MutatingWebhookConfiguration', { releases }).evidence.some((e) => e.includes('does not render'))) continue;
    out.push({
      id: `helm-copied:${tag.webhook}`, code: 'tag-helm-annotations', severity: 'info',
      title: `Tag ${tag.name} carries Helm release ${release}'s annotations, but no release renders it`,
      detail: `${tag.webhook} has meta.helm.sh annotations naming ${ns}/${release}, whose manifest does not contain it: \`istioctl tag set\` copies the `
        + `revision's annotations onto the tag it creates. \`helm uninstall ${release}\` will not delete it, and \`helm upgrade ${release} … --set revisionTags={${tag.name}}\` `
        + 'would adopt it without a word. Treat it as unmanaged (istioctl tag remove), or move the tag into the release\'s revisionTags on purpose.',
      objects: [{ kind: 'MutatingWebhookConfiguration', name: tag.webhook ?? '' }],
    });
  }
  return out;
}

function sailDisagreements(snapshot: MeshSnapshot): Finding[] {
  return (snapshot.owners?.sail?.revisions ?? []).filter((r) => r.disagreement).map((r) => ({
    id: `sail-in-use:${r.name}`, code: 'sail-in-use', severity: r.sailInUse === false ? 'warning' as const : 'info' as const,
    title: r.sailInUse === false ? `Sail considers revision ${r.name} unused` : `Sail still counts revision ${r.name} as in use`,
    detail: `${r.disagreement}.${r.notInUseSince ? ` Sail's InUse has been False since ${r.notInUseSince}.` : ''}`,
    objects: [{ kind: 'IstioRevision', name: r.name }],
  }));
}

export function ownerFindings(inv: ClusterInventory, snapshot: MeshSnapshot): Finding[] {
  return [...unreadable(snapshot), ...pendingReleases(snapshot), ...copiedHelmAnnotations(inv, snapshot), ...sailDisagreements(snapshot)];
}
