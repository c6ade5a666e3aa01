/**
 * The Helm way of a write (istio-model.md M15): a tag belongs to its target revision's
 * release (`revisionTags`), so a move is a values change on two releases — taken out of the old one first, then
 * added to the new one; the default also moves the base chart's `defaultRevision`; a revision goes with
 * `helm uninstall` of its release (which deletes the tag webhooks that release renders); a gateway changes by
 * `--set revision=`.
 */
import type { HelmRelease, ManagedBy } from '../model';
import { isPendingStatus } from './helmReleases';
import {
  baseRelease, findReleaseRef, helmUninstall, helmUpgrade, releaseOfRevision, revisionTagsValue, revisionValue, type Built, type ReleaseRef,
} from './helmCommands';
import type { NativeParts, OwnerAction, PlannedWrite, RouteContext } from './ownerRoute';

/** Collects commands; a command that cannot be built safely becomes a hazard naming why. */
class Steps {
  readonly actions: OwnerAction[] = [];
  readonly hazards: string[] = [];

  add(title: string, built: Built | { ok: false; problem: string }): void {
    if (built.ok) this.actions.push({ kind: 'command', title, argv: built.argv });
    else this.hazards.push(`No command for "${title}": ${built.problem}. Do it by hand after checking the release with helm list.`);
  }
}

function ownRelease(owner: ManagedBy, releases: readonly HelmRelease[]): HelmRelease {
  const ns = owner.namespace ?? 'istio-system';
  return findReleaseRef(releases, owner.name, ns) ?? { name: owner.name, namespace: ns, version: 0, status: 'deployed', revisionTags: [] };
}

function upgradeTags(r: HelmRelease, context: string, tags: string[]): Built {
  const value = revisionTagsValue(tags);
  return value.ok ? helmUpgrade(r, context, [value.value]) : value;
}

function upgradeRevision(r: ReleaseRef, context: string, key: 'revision' | 'defaultRevision', rev: string, chart: string): Built {
  const value = revisionValue(key, rev);
  return value.ok ? helmUpgrade(r, context, [value.value], chart) : value;
}

function moveTag(own: HelmRelease, w: Extract<PlannedWrite, { kind: 'move-tag' }>, ctx: RouteContext): NativeParts {
  const steps = new Steps();
  const target = releaseOfRevision(ctx.releases, w.to);
  steps.add(`Take ${w.tag} out of ${own.name}'s revisionTags (its webhook is deleted)`, upgradeTags(own, ctx.context, own.revisionTags.filter((t) => t !== w.tag)));
  if (target) {
    steps.add(`Add ${w.tag} to ${target.name}'s revisionTags (its webhook is rendered for ${w.to})`, upgradeTags(target, ctx.context, [...new Set([...target.revisionTags, w.tag])]));
  } else {
    steps.add(`Create ${w.tag} for ${w.to} (no Helm release installed ${w.to}; the tag then belongs to no release)`,
      { ok: true, argv: ['istioctl', 'tag', 'set', w.tag, '--revision', w.to, '--context', ctx.context] });
  }
  const base = w.tag === 'default' ? baseRelease(ctx.releases) : undefined;
  if (base) steps.add(`Point the base chart's defaultRevision at ${w.to} (istiod-default-validator)`, upgradeRevision(base, ctx.context, 'defaultRevision', w.to, 'base'));
  return {
    explanation: `Tag ${w.tag} is rendered by Helm release ${own.name} (its revisionTags value). A direct edit of its webhook is undone by the next \`helm upgrade\` of ${own.name}. `
      + `Helm's way is a values change on two releases: take ${w.tag} out of ${own.name}, then add it to ${target ? target.name : `the release of ${w.to}`}, in that order.`
      + (w.tag === 'default' ? ' The default tag also decides istio-injection=enabled namespaces; the base chart\'s defaultRevision decides which istiod validates configuration.' : ''),
    actions: steps.actions,
    hazards: [
      `Between the two commands no webhook serves tag ${w.tag}: pods created then in namespaces using it start without a sidecar. Run them back to back, and restart any pod created in between.`,
      `Not the other way round: Helm refuses to add a webhook another release owns (unless --take-ownership), and ${own.name}'s upgrade that drops the tag would then delete the webhook it no longer renders.`,
      ...steps.hazards,
    ],
    notes: ['The commands use the chart repository name istio (helm repo add istio https://istio-release.storage.googleapis.com/charts) and keep each release\'s chart version.'],
  };
}

function removeRevision(own: HelmRelease, w: Extract<PlannedWrite, { kind: 'remove-revision' }>, ctx: RouteContext): NativeParts {
  const steps = new Steps();
  steps.add(`Uninstall release ${own.name}`, helmUninstall(own, ctx.context));
  const hazards = [...steps.hazards];
  if (own.revisionTags.length) {
    hazards.push(`helm uninstall deletes every object of ${own.name} — also the webhooks of its revisionTags (${own.revisionTags.join(', ')}). Move those tags into the release of the revision that stays first.`);
  }
  const base = baseRelease(ctx.releases);
  if (base?.defaultRevision === w.revision) hazards.push(`${base.name}'s defaultRevision is still ${w.revision}: point it at the revision that stays first (helm upgrade ${base.name} … --set defaultRevision=…).`);
  return {
    explanation: `Revision ${w.revision} was installed by Helm release ${own.name}. Deleting its objects one by one leaves a release that the next \`helm upgrade\` re-creates; Helm's way is \`helm uninstall ${own.name}\`.`,
    actions: steps.actions,
    hazards,
    notes: ['istiod-default-validator and the CRDs belong to the base release and stay.'],
  };
}

function gateway(own: HelmRelease, w: Extract<PlannedWrite, { kind: 'gateway-move' | 'gateway-switch' }>, ctx: RouteContext): NativeParts {
  const steps = new Steps();
  const revision = w.kind === 'gateway-move' ? w.to : w.toRevision;
  if (revision) steps.add(`Set ${own.name}'s revision to ${revision} (its pods roll onto it)`, upgradeRevision(own, ctx.context, 'revision', revision, 'gateway'));
  const subject = w.kind === 'gateway-move' ? `Gateway ${w.namespace}/${w.name}` : `Service ${w.namespace}/${w.service}`;
  return {
    explanation: `${subject} is rendered by Helm release ${own.name}: the next \`helm upgrade\` restores its pod template and Service selector. `
      + (w.kind === 'gateway-move'
        ? 'Helm\'s way is the release\'s revision value.'
        : `Helm's way to move its traffic is the release's revision value (in place), or a second gateway release whose labels the Service selects through the chart's values (service.selectorLabels, 1.29+).`),
    actions: steps.actions,
    hazards: steps.hazards,
    notes: [],
  };
}

export function helmRoute(owner: ManagedBy, w: PlannedWrite, ctx: RouteContext): NativeParts {
  const own = ownRelease(owner, ctx.releases);
  const pending = isPendingStatus(own.status)
    ? [`Release ${own.name} is ${own.status}: a Helm operation is running or died mid-way. Let it finish, or \`helm rollback ${own.name}\`, before any upgrade.`]
    : [];
  let parts: NativeParts;
  switch (w.kind) {
    case 'move-tag': parts = moveTag(own, w, ctx); break;
    case 'remove-tag': {
      const steps = new Steps();
      steps.add(`Take ${w.tag} out of ${own.name}'s revisionTags`, upgradeTags(own, ctx.context, own.revisionTags.filter((t) => t !== w.tag)));
      parts = {
        explanation: `Tag ${w.tag} is rendered by Helm release ${own.name} (its revisionTags value): deleting its webhook directly is undone by the next \`helm upgrade\` of ${own.name}. Helm's way is to take it out of revisionTags.`,
        actions: steps.actions, hazards: steps.hazards, notes: [],
      };
      break;
    }
    case 'remove-revision': parts = removeRevision(own, w, ctx); break;
    case 'gateway-move':
    case 'gateway-switch': parts = gateway(own, w, ctx); break;
    case 'relabel-namespace':
      parts = { explanation: `Namespace ${w.namespace} is rendered by Helm release ${own.name}: change its labels in that chart's values or templates.`, actions: [], hazards: [], notes: [] };
      break;
  }
  return { ...parts, hazards: [...pending, ...parts.hazards] };
}
