/**
 * The Sail Operator's way of a write (istio-model.md M13, M15): a tag move patches the
 * `IstioRevisionTag` (Sail re-renders its webhook), a tag removal deletes it, a revision is removed by Sail's own
 * pruning — when, is read from its InUse condition — and an upgrade is a change of `Istio.spec.version`.
 */
import type { ManagedBy } from '../model';
import type { NativeParts, PlannedWrite, RouteContext } from './ownerRoute';
import { sailPruneSchedule, sailTagDelete, sailTagMove, type SailPlanned } from './sailWrites';

function tagWrite(owner: ManagedBy, planned: SailPlanned | undefined, done: string, tag: string): NativeParts {
  if (planned?.ok) {
    return { explanation: `Tag ${tag} is rendered by Sail ${owner.resource} ${owner.name}: its webhook is Sail's to write. ${done}`, actions: [{ kind: 'sail', write: planned.write }], hazards: [], notes: planned.note ? [planned.note] : [] };
  }
  const why = planned ? planned.problem : 'the Sail resources could not be read';
  return { explanation: `Tag ${tag} is rendered by Sail ${owner.resource} ${owner.name}: its webhook is Sail's to write. Change the IstioRevisionTag instead — here that is not possible: ${why}.`, actions: [], hazards: [], notes: [] };
}

export function sailRoute(owner: ManagedBy, w: PlannedWrite, ctx: RouteContext): NativeParts {
  const view = ctx.sail;
  const isTag = owner.resource === 'IstioRevisionTag';
  switch (w.kind) {
    case 'move-tag':
      return tagWrite(owner, view && isTag ? sailTagMove(view, owner.name, w.to) : undefined, `Sail's way: point the IstioRevisionTag at ${w.to}; Sail re-renders the webhook.`, w.tag);
    case 'remove-tag':
      return tagWrite(owner, view && isTag ? sailTagDelete(view, owner.name) : undefined, 'Sail\'s way: delete the IstioRevisionTag; Sail uninstalls its webhook.', w.tag);
    case 'remove-revision': {
      const prune = view ? sailPruneSchedule(view, w.revision) : undefined;
      return {
        explanation: `Revision ${w.revision} is Sail's IstioRevision${owner.resource === 'IstioRevision' ? '' : ` (kept by ${owner.resource} ${owner.name})`}: `
          + 'Sail deletes a revision itself once it is not its Istio\'s active revision, nothing uses it, and the grace period has passed — nothing to delete by hand (deleted objects would be re-created).',
        actions: [], hazards: [],
        notes: [prune?.text ?? 'Sail\'s view of this revision could not be read.', 'To upgrade, change the Istio resource\'s spec.version (Change Istio Version).'],
        ...(prune ? { prune } : {}),
      };
    }
    default:
      return { explanation: `Sail ${owner.resource} ${owner.name} renders this: change it through the Sail resource (its spec.values).`, actions: [], hazards: [], notes: [] };
  }
}
