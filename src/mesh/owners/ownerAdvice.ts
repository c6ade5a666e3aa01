/**
 * "Who would revert this write, and what is the owner's way to make it?" — pure, for plans, previews and
 * refusals (issue 13 item 3). Commands are argument arrays, never shell strings. istio-model.md M15 (a tag belongs
 * to its target revision's release: remove it there, add it here; gateway values; uninstall by release; commit the
 * label change to Git) and M13 (Sail resources, pruning).
 */
import type { HelmRelease, ManagedBy } from '../model';
import { revertedBy } from './ownerText';

export type OwnedWrite =
  | { kind: 'relabel-namespace'; namespace: string; set: Record<string, string>; remove: string[] }
  | { kind: 'move-tag'; tag: string; from: string; to: string }
  | { kind: 'remove-tag'; tag: string; from: string }
  | { kind: 'remove-revision'; revision: string }
  | { kind: 'set-gateway-revision'; namespace: string; name: string; revision: string };

export interface OwnerAdvice {
  owner: ManagedBy;
  /** Who puts a direct edit back, and when. */
  reverts: string;
  /** The owner's way to make this change, in words. */
  ownerWay: string;
  /** What to run instead, in order (argument arrays). */
  commands: string[][];
  /** YAML to commit (GitOps) or apply instead, when that is the way. */
  yaml?: string;
}

/** `istio/<chart> --version <v>` of the release (the chart `fallback` when the release was not read). */
function helmChart(r: HelmRelease | undefined, fallback = 'istiod'): string[] {
  if (!r?.chart) return [`istio/${fallback}`];
  return [`istio/${r.chart}`, ...(r.chartVersion ? ['--version', r.chartVersion] : [])];
}

function helmSetTags(r: HelmRelease | undefined, name: string, namespace: string, tags: string[]): string[] {
  return ['helm', 'upgrade', name, ...helmChart(r), '--namespace', namespace, '--reuse-values', '--set', `revisionTags={${tags.join(',')}}`];
}

function releaseOfRevision(releases: readonly HelmRelease[], revision: string): HelmRelease | undefined {
  return releases.find((r) => (r.revision || 'default') === revision && r.chart !== 'base' && r.chart !== 'gateway');
}

function helmAdvice(owner: ManagedBy, write: OwnedWrite, releases: readonly HelmRelease[]): Omit<OwnerAdvice, 'owner' | 'reverts'> {
  const ns = owner.namespace ?? 'istio-system';
  const own = releases.find((r) => r.name === owner.name && r.namespace === ns);
  switch (write.kind) {
    case 'move-tag': {
      const target = releaseOfRevision(releases, write.to);
      const without = (own?.revisionTags ?? []).filter((t) => t !== write.tag);
      const commands = [helmSetTags(own, owner.name, ns, without)];
      if (target) commands.push(helmSetTags(target, target.name, target.namespace, [...new Set([...target.revisionTags, write.tag])]));
      return {
        ownerWay: `Tag ${write.tag} is rendered by ${owner.name}'s revisionTags: remove it there${target ? ` and add it to ${target.name}'s` : ` and add it to the revisionTags of ${write.to}'s release`}. `
          + 'In between, pods created in namespaces using the tag get no sidecar; adding first fails Helm\'s ownership check unless --take-ownership.',
        commands,
      };
    }
    case 'remove-tag':
      return { ownerWay: `Remove ${write.tag} from ${owner.name}'s revisionTags.`, commands: [helmSetTags(own, owner.name, ns, (own?.revisionTags ?? []).filter((t) => t !== write.tag))] };
    case 'remove-revision':
      return {
        ownerWay: `Uninstall release ${owner.name}: it deletes every object its manifest renders (tag webhooks in its revisionTags too), so move those tags first.`,
        commands: [['helm', 'uninstall', owner.name, '--namespace', ns]],
      };
    case 'set-gateway-revision':
      return { ownerWay: `Set the gateway release's revision value.`, commands: [['helm', 'upgrade', owner.name, ...helmChart(own, 'gateway'), '--namespace', ns, '--reuse-values', '--set', `revision=${write.revision}`]] };
    case 'relabel-namespace':
      return { ownerWay: `Change the namespace in ${owner.name}'s chart values or templates.`, commands: [] };
  }
}

function sailAdvice(owner: ManagedBy, write: OwnedWrite): Omit<OwnerAdvice, 'owner' | 'reverts'> {
  switch (write.kind) {
    case 'move-tag': {
      const patch = { spec: { targetRef: { kind: 'IstioRevision', name: write.to } } };
      return {
        ownerWay: `Point IstioRevisionTag ${write.tag} at IstioRevision ${write.to}; Sail re-renders its webhook.`,
        commands: [['kubectl', 'patch', 'istiorevisiontag', write.tag, '--type', 'merge', '-p', JSON.stringify(patch)]],
        yaml: `apiVersion: sailoperator.io/v1\nkind: IstioRevisionTag\nmetadata:\n  name: ${write.tag}\nspec:\n  targetRef:\n    kind: IstioRevision\n    name: ${write.to}\n`,
      };
    }
    case 'remove-tag':
      return { ownerWay: `Delete IstioRevisionTag ${write.tag}.`, commands: [['kubectl', 'delete', 'istiorevisiontag', write.tag]] };
    case 'remove-revision':
      return { ownerWay: `Sail deletes revision ${write.revision} itself once it is not the active one, not in use, and its grace period has passed; to upgrade, change the Istio resource's spec.version.`, commands: [] };
    default:
      return { ownerWay: `Change it through the Sail resource ${owner.resource} ${owner.name} (its spec.values).`, commands: [] };
  }
}

function gitopsAdvice(owner: ManagedBy, write: OwnedWrite): Omit<OwnerAdvice, 'owner' | 'reverts'> {
  const where = owner.kind === 'argocd' ? `Argo CD app ${owner.name}` : `Flux ${owner.resource} ${owner.namespace ? `${owner.namespace}/` : ''}${owner.name}`;
  if (write.kind !== 'relabel-namespace') return { ownerWay: `Commit the change to the Git source of ${where}.`, commands: [] };
  const labels = Object.entries(write.set).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n');
  const removed = write.remove.length ? ` and delete ${write.remove.join(', ')} (it wins over istio.io/rev)` : '';
  return {
    ownerWay: `Commit the label change to the Namespace in the Git source of ${where}${removed}; a direct relabel is reverted at the next sync.`,
    commands: [],
    yaml: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${write.namespace}\n  labels:\n${labels}\n`,
  };
}

/** The owner-native way to make `write`, and who would revert a direct one. `releases`: snapshot.owners.helmReleases. */
export function ownerAdvice(owner: ManagedBy, write: OwnedWrite, releases: readonly HelmRelease[] = []): OwnerAdvice {
  const base = { owner, reverts: revertedBy(owner) };
  switch (owner.kind) {
    case 'helm': return { ...base, ...helmAdvice(owner, write, releases) };
    case 'sail': return { ...base, ...sailAdvice(owner, write) };
    case 'argocd':
    case 'flux': return { ...base, ...gitopsAdvice(owner, write) };
    case 'istioctl': return { ...base, ownerWay: `Change the IstioOperator (or istioctl flags) and run istioctl install again${owner.resource === 'IstioOperator' ? ` with ${owner.name}` : ''}.`, commands: [] };
  }
}
