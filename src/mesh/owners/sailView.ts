/**
 * The Sail Operator's view of the mesh (istio-model.md M13): its `Istio` resources (version, update strategy,
 * active revision, revision counts), `IstioRevision`s with their InUse condition, and `IstioRevisionTag`s — and
 * where Sail's "in use" disagrees with ours. It matters most one way: Sail deletes a non-active revision whose
 * InUse is False once the grace period has passed, so "Sail: not in use" while we still see users is a
 * warning; the other way round (e.g. a Failed pod keeps it in use, sail-operator#2100) is a remark.
 */
import type { InUseReason, Revision, SailIstioView, SailRevisionView, SailTagView, SailView } from '../model';
import { arr, isRecord, nameOf, num, rec, str } from '../untrusted';

function condition(obj: unknown, type: string): Record<string, unknown> | undefined {
  return arr(rec(obj, 'status').conditions).filter(isRecord).find((c) => c.type === type);
}

function istioView(o: unknown): SailIstioView {
  const spec = rec(o, 'spec');
  const status = rec(o, 'status');
  const strategy = rec(spec, 'updateStrategy');
  const counts = rec(status, 'revisions');
  const view: SailIstioView = {
    name: nameOf(o),
    revisions: {
      ...(num(counts.total) !== undefined ? { total: num(counts.total) } : {}),
      ...(num(counts.ready) !== undefined ? { ready: num(counts.ready) } : {}),
      ...(num(counts.inUse) !== undefined ? { inUse: num(counts.inUse) } : {}),
    },
  };
  if (str(spec.version)) view.version = str(spec.version);
  if (str(spec.namespace)) view.namespace = str(spec.namespace);
  // The CRD defaults updateStrategy.type to InPlace.
  view.updateStrategy = str(strategy.type) ?? 'InPlace';
  const grace = num(strategy.inactiveRevisionDeletionGracePeriodSeconds);
  if (grace !== undefined) view.gracePeriodSeconds = grace;
  if (str(status.activeRevisionName)) view.activeRevision = str(status.activeRevisionName);
  if (str(status.state)) view.state = str(status.state);
  return view;
}

function users(reasons: readonly InUseReason[]): string[] {
  return reasons.flatMap((u) => (u.kind === 'tag' ? [`tag ${u.tag}`] : u.kind === 'namespace' ? [`namespace ${u.namespace}`] : u.kind === 'pod' ? [`pod ${u.namespace}/${u.pod}`] : []));
}

function revisionView(o: unknown, ours: ReadonlyMap<string, Revision>, active: ReadonlySet<string>): SailRevisionView {
  const name = nameOf(o);
  const inUse = condition(o, 'InUse');
  const ready = condition(o, 'Ready');
  const owner = arr(rec(o, 'metadata').ownerReferences).filter(isRecord).find((r) => r.kind === 'Istio');
  const view: SailRevisionView = {
    name,
    sailInUse: inUse?.status === 'True' ? true : inUse?.status === 'False' ? false : undefined,
    oursInUse: undefined,
  };
  if (owner && str(owner.name)) view.istio = str(owner.name);
  if (str(rec(o, 'spec').version)) view.version = str(rec(o, 'spec').version);
  if (ready) view.ready = ready.status === 'True';
  if (inUse?.status === 'False' && str(inUse.lastTransitionTime)) view.notInUseSince = str(inUse.lastTransitionTime);
  const rev = ours.get(name);
  if (!rev) return view;
  // Our 'default' reason is ours only: Sail counts tags, namespaces and pods.
  const used = users(rev.inUse);
  view.oursInUse = used.length > 0;
  if (view.sailInUse === false && used.length > 0) {
    const shown = used.slice(0, 4).join(', ') + (used.length > 4 ? `, +${used.length - 4}` : '');
    view.disagreement = active.has(name)
      ? `Sail says ${name} is not in use, but ${shown} still ${used.length === 1 ? 'uses' : 'use'} it`
      : `Sail says ${name} is not in use and deletes it after the grace period, but ${shown} still ${used.length === 1 ? 'uses' : 'use'} it: migrate them first`;
  } else if (view.sailInUse === true && used.length === 0) {
    view.disagreement = `Sail still counts ${name} as in use, but we see no namespace, tag or pod using it (a Failed or Evicted pod keeps it in use for Sail: sail-operator#2100)`;
  }
  return view;
}

function tagView(o: unknown): SailTagView {
  const ref = rec(rec(o, 'spec'), 'targetRef');
  const view: SailTagView = { name: nameOf(o) };
  if (str(ref.kind)) view.targetKind = str(ref.kind);
  if (str(ref.name)) view.targetName = str(ref.name);
  if (str(rec(o, 'status').istioRevision)) view.revision = str(rec(o, 'status').istioRevision);
  return view;
}

export function buildSailView(istios: readonly unknown[], revisions: readonly unknown[], tags: readonly unknown[], ours: readonly Revision[]): SailView {
  const byName = new Map(ours.map((r) => [r.name, r]));
  const views = istios.map(istioView).sort((a, b) => a.name.localeCompare(b.name));
  const active = new Set(views.map((i) => i.activeRevision).filter((n): n is string => !!n));
  return {
    istios: views,
    revisions: revisions.map((r) => revisionView(r, byName, active)).sort((a, b) => a.name.localeCompare(b.name)),
    tags: tags.map(tagView).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
