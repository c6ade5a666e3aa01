/**
 * One decision for every planned write (issue 13 item 3): is it ours to make directly, or does an owner keep the
 * objects it would touch — and then what is the owner's way? Pure: the owner comes from the snapshot (attachOwners,
 * objectOwner), the Helm releases and the Sail view from snapshot.owners. Actions are an executable Sail write,
 * a command line as an argument array (to copy or run in a terminal), or YAML to commit. istio-model.md M13, M15;
 * istio-model.md M13, M15.
 */
import type { HelmRelease, ManagedBy, MeshSnapshot, SailView } from '../model';
import { ownerShort, revertedBy } from './ownerText';
import { helmRoute } from './helmRoute';
import { sailRoute } from './sailRoute';
import { ignoreRule, kustomizePatch, namespaceManifest } from './gitopsManifests';
import type { PruneSchedule, SailWrite } from './sailWrites';

export type PlannedWrite =
  | { kind: 'move-tag'; tag: string; from?: string; to: string }
  | { kind: 'remove-tag'; tag: string; from?: string }
  | { kind: 'remove-revision'; revision: string }
  | { kind: 'gateway-move'; namespace: string; name: string; to: string }
  | { kind: 'gateway-switch'; namespace: string; service: string; to: string; toRevision?: string }
  | { kind: 'relabel-namespace'; namespace: string; labels: Record<string, string>; set: Record<string, string>; remove: string[] };

export type OwnerAction =
  /** Executed by the engine (src/upgrade/sailOps.ts): a merge patch or delete of a Sail resource, journaled. */
  | { kind: 'sail'; write: SailWrite }
  /** A command line to copy or run in a terminal: an argument array, never a shell string. */
  | { kind: 'command'; title: string; argv: string[] }
  /** YAML to commit to Git (or apply). */
  | { kind: 'manifest'; title: string; text: string };

export interface DirectRoute {
  route: 'direct';
  owner?: ManagedBy;
  /** Remarks for the preview (istioctl: what a later install or uninstall does to it). */
  notes: string[];
}

export interface OwnerNativeRoute {
  route: 'owner-native';
  owner: ManagedBy;
  /** Why not a direct edit, and the owner's way — a short paragraph. */
  explanation: string;
  /** Who puts a direct edit back, and when. */
  reverts: string;
  /** In order. Empty: nothing to run — the explanation says what to do (e.g. let Sail prune). */
  actions: OwnerAction[];
  /** What can go wrong doing it the owner's way. */
  hazards: string[];
  notes: string[];
  /** Sail removal: when Sail deletes the revision itself. */
  prune?: PruneSchedule;
}

export type OwnerRoute = DirectRoute | OwnerNativeRoute;

export interface RouteContext {
  /** The kubeconfig context, for `--kube-context` / `--context` in commands. */
  context: string;
  releases: readonly HelmRelease[];
  sail?: SailView;
}

export type NativeParts = Omit<OwnerNativeRoute, 'route' | 'owner' | 'reverts'>;

export function routeContextOf(snapshot: MeshSnapshot): RouteContext {
  return { context: snapshot.context, releases: snapshot.owners?.helmReleases ?? [], ...(snapshot.owners?.sail ? { sail: snapshot.owners.sail } : {}) };
}

/** The owner the write would fight, from the snapshot (gateways: the caller knows its Deployment's or Service's owner). */
export function ownerOfWrite(snapshot: MeshSnapshot, w: PlannedWrite): ManagedBy | undefined {
  switch (w.kind) {
    case 'move-tag':
    case 'remove-tag': return snapshot.tags.find((t) => t.name === w.tag)?.managedBy;
    case 'remove-revision': return snapshot.revisions.find((r) => r.name === w.revision)?.managedBy;
    case 'relabel-namespace': return snapshot.namespaces.find((n) => n.name === w.namespace)?.managedBy;
    default: return undefined;
  }
}

function what(w: PlannedWrite): string {
  switch (w.kind) {
    case 'move-tag': return `tag ${w.tag}`;
    case 'remove-tag': return `tag ${w.tag}`;
    case 'remove-revision': return `revision ${w.revision}`;
    case 'gateway-move': return `gateway ${w.namespace}/${w.name}`;
    case 'gateway-switch': return `Service ${w.namespace}/${w.service}`;
    case 'relabel-namespace': return `namespace ${w.namespace}`;
  }
}

function istioctlNotes(owner: ManagedBy, w: PlannedWrite): string[] {
  const notes = [`${what(w)} was installed by ${ownerShort(owner)}: the next \`istioctl install\` of that revision re-applies what it renders and may prune what it no longer does.`];
  if (w.kind === 'remove-revision') {
    notes.push(`\`istioctl uninstall --revision ${w.revision}\` deletes every object labelled istio.io/rev=${w.revision} with an istioctl component label, whoever made it — tag webhooks pointing at ${w.revision} included.`);
  }
  return notes;
}

function gitopsRoute(owner: ManagedBy, w: PlannedWrite): NativeParts {
  const where = ownerShort(owner);
  if (w.kind !== 'relabel-namespace') {
    return { explanation: `${what(w)} is kept by ${where}: change it in that Git source and let it sync.`, actions: [], hazards: [], notes: [] };
  }
  const relabel = { namespace: w.namespace, labels: w.labels, set: w.set, remove: w.remove };
  const injection = w.remove.includes('istio-injection');
  const when = owner.kind === 'argocd'
    ? 'at its next sync — within seconds when self-heal is on'
    : `at its next reconcile (every ${owner.resource === 'Kustomization' ? '`.spec.interval`' : 'interval'})`;
  return {
    explanation: `Namespace ${w.namespace} is kept by ${where}. Its labels come from Git: a direct relabel is reverted ${when}${injection
      ? ', and istio-injection, once back, wins over istio.io/rev — the namespace silently returns to the default revision'
      : ''}. The durable change is a commit to that Git source.`,
    actions: [
      { kind: 'manifest', title: `Namespace ${w.namespace} as Git should hold it`, text: namespaceManifest(relabel) },
      { kind: 'manifest', title: 'The same change as a kustomize patch', text: kustomizePatch(relabel) },
      { kind: 'manifest', title: owner.kind === 'argocd' ? 'Stop-gap: Argo CD ignores these labels (ignoreDifferences)' : 'Stop-gap: Flux ignores these labels (.spec.ignore)', text: ignoreRule(owner, relabel) },
    ],
    hazards: [],
    notes: ['Our writes use the field manager istio-canary-upgrades (never a kubectl* manager, which Flux strips).'],
  };
}

/** The route of `w` given the owner of the objects it touches (undefined: none found or unknown). */
export function routeWrite(w: PlannedWrite, owner: ManagedBy | undefined, ctx: RouteContext): OwnerRoute {
  if (!owner) return { route: 'direct', notes: [] };
  if (owner.kind === 'istioctl') return { route: 'direct', owner, notes: istioctlNotes(owner, w) };
  const parts = owner.kind === 'helm' ? helmRoute(owner, w, ctx)
    : owner.kind === 'sail' ? sailRoute(owner, w, ctx)
      : gitopsRoute(owner, w);
  return { route: 'owner-native', owner, reverts: revertedBy(owner), ...parts };
}

/** The command lines of a route, in order (for copying and the CLI). */
export function routeCommands(route: OwnerRoute): string[][] {
  return route.route === 'owner-native' ? route.actions.flatMap((a) => (a.kind === 'command' ? [a.argv] : [])) : [];
}

export function routeSailWrites(route: OwnerRoute): SailWrite[] {
  return route.route === 'owner-native' ? route.actions.flatMap((a) => (a.kind === 'sail' ? [a.write] : [])) : [];
}

export function routeManifests(route: OwnerRoute): { title: string; text: string }[] {
  return route.route === 'owner-native' ? route.actions.flatMap((a) => (a.kind === 'manifest' ? [{ title: a.title, text: a.text }] : [])) : [];
}
