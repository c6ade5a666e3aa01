/**
 * Writes done the Sail Operator's way (istio-model.md M13, M15): point an
 * `IstioRevisionTag` at another revision (`spec.targetRef`), delete a tag, change an `Istio`'s `spec.version` (with
 * `RevisionBased` a new revision next to the old one) — never the webhooks, Services or Deployments Sail renders.
 * Removal of a revision is Sail's own pruning: when that happens is read from the revision's InUse condition.
 */
import * as yaml from 'js-yaml';
import type { SailView } from '../model';

export type SailResource = 'istiorevisiontags' | 'istios';

/** One write to a Sail resource, executed by src/upgrade/sailOps.ts (merge patch or delete, journaled). */
export interface SailWrite {
  op: 'patch' | 'delete';
  resource: SailResource;
  name: string;
  /** What the journal records as changed, e.g. `spec.targetRef`. */
  field: string;
  /** The field before and after, as text (`IstioRevision/default-v1-24-3`, `v1.25.1`); null: absent / deleted. */
  before: string | null;
  after: string | null;
  /** The merge patch (op `patch`). */
  patch?: Record<string, unknown>;
  summary: string;
}

export type SailPlanned = { ok: true; write: SailWrite; note?: string } | { ok: false; problem: string };

const refText = (kind?: string, name?: string): string | null => (kind && name ? `${kind}/${name}` : null);

/**
 * `targetRef` for a tag that should resolve to `revision`: the Istio whose active revision it is (the tag then
 * follows that Istio's next upgrades, istio-model.md M13, M15), else the IstioRevision itself.
 */
export function targetRefFor(view: SailView, revision: string): { kind: 'Istio' | 'IstioRevision'; name: string } | undefined {
  const istio = view.istios.find((i) => i.activeRevision === revision);
  if (istio) return { kind: 'Istio', name: istio.name };
  return view.revisions.some((r) => r.name === revision) ? { kind: 'IstioRevision', name: revision } : undefined;
}

export function sailTagMove(view: SailView, tag: string, revision: string): SailPlanned {
  const current = view.tags.find((t) => t.name === tag);
  if (!current) return { ok: false, problem: `no IstioRevisionTag ${tag} was read` };
  const ref = targetRefFor(view, revision);
  if (!ref) return { ok: false, problem: `${revision} is not an IstioRevision (nor an Istio's active revision): an IstioRevisionTag can only point at one` };
  const before = refText(current.targetKind, current.targetName);
  const after = refText(ref.kind, ref.name);
  const follows = ref.kind === 'Istio' ? ` (it then follows Istio ${ref.name}'s future upgrades)` : '';
  return {
    ok: true,
    write: {
      op: 'patch', resource: 'istiorevisiontags', name: tag, field: 'spec.targetRef', before, after,
      patch: { spec: { targetRef: ref } },
      summary: `patch IstioRevisionTag ${tag}: spec.targetRef ${before ?? '(none)'} → ${after}${follows}`,
    },
    ...(before === after ? { note: `IstioRevisionTag ${tag} already points at ${after}.` } : {}),
  };
}

export function sailTagDelete(view: SailView, tag: string): SailPlanned {
  const current = view.tags.find((t) => t.name === tag);
  if (!current) return { ok: false, problem: `no IstioRevisionTag ${tag} was read` };
  return {
    ok: true,
    write: { op: 'delete', resource: 'istiorevisiontags', name: tag, field: 'object', before: refText(current.targetKind, current.targetName), after: null, summary: `delete IstioRevisionTag ${tag} (Sail uninstalls its webhook)` },
  };
}

/** Sail's version strings carry a `v` (`v1.25.1`, or an alias such as `v1.25-latest`); `1.25.1` is taken as `v1.25.1`. */
export function sailVersion(input: string): string | undefined {
  const v = input.trim();
  if (!/^v?\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$/.test(v)) return undefined;
  return v.startsWith('v') ? v : `v${v}`;
}

/**
 * Change an Istio's `spec.version`. With `RevisionBased` Sail installs `<istio>-<version with dashes>` next to the
 * running revision; with `InPlace` it replaces istiod in place — so the patch also switches the strategy to
 * `RevisionBased` (a canary), and says so.
 */
export function sailVersionChange(view: SailView, istioName: string, versionInput: string): SailPlanned {
  const istio = view.istios.find((i) => i.name === istioName);
  if (!istio) return { ok: false, problem: `no Istio ${istioName} was read` };
  const version = sailVersion(versionInput);
  if (!version) return { ok: false, problem: `${JSON.stringify(versionInput)} is not a Sail version like v1.25.1` };
  if (version === istio.version) return { ok: false, problem: `Istio ${istioName} is already at ${version}` };
  const inPlace = (istio.updateStrategy ?? 'InPlace') !== 'RevisionBased';
  const patch: Record<string, unknown> = { spec: { version, ...(inPlace ? { updateStrategy: { type: 'RevisionBased' } } : {}) } };
  const next = `${istioName}-${version.replace(/\./g, '-')}`;
  return {
    ok: true,
    write: {
      op: 'patch', resource: 'istios', name: istioName, field: inPlace ? 'spec.version, spec.updateStrategy.type' : 'spec.version',
      before: istio.version ?? null, after: version, patch,
      summary: `patch Istio ${istioName}: spec.version ${istio.version ?? '(none)'} → ${version}${inPlace ? ', updateStrategy InPlace → RevisionBased' : ''}`,
    },
    note: inPlace
      ? `Istio ${istioName} upgrades InPlace (istiod replaced, no canary): the patch also sets updateStrategy.type RevisionBased, so Sail installs revision ${next} next to the running one. Namespaces then move to it by label (or through a tag that follows the Istio) and a restart.`
      : `Sail installs revision ${next} next to ${istio.activeRevision ?? 'the active one'}; IstioRevisionTags that point at Istio ${istioName} follow it, so only restarts remain for their namespaces.`,
  };
}

export type PruneState = 'active' | 'in-use' | 'unknown' | 'scheduled' | 'not-sail';

export interface PruneSchedule {
  state: PruneState;
  /** When Sail deletes it (InUse False since + the Istio's grace period), ISO time. */
  at?: string;
  graceSeconds?: number;
  /** One or two sentences for previews and the CLI. */
  text: string;
}

/** When (whether) Sail deletes `revision` itself (istio-model.md M13, M15: InUse False for the grace period; Unknown never prunes; never the active one). */
export function sailPruneSchedule(view: SailView, revision: string): PruneSchedule {
  const rev = view.revisions.find((r) => r.name === revision);
  if (!rev) return { state: 'not-sail', text: `${revision} is not an IstioRevision.` };
  const istio = view.istios.find((i) => i.name === rev.istio);
  const grace = istio?.gracePeriodSeconds ?? 30;
  if (istio?.activeRevision === revision) {
    return { state: 'active', graceSeconds: grace, text: `${revision} is Istio ${istio.name}'s active revision: Sail never deletes it. Change the Istio's spec.version to move on; the old revision is pruned once nothing uses it.` };
  }
  if (rev.sailInUse === true) {
    return { state: 'in-use', graceSeconds: grace, text: `Sail counts ${revision} as in use: it deletes it ${grace} s after its InUse condition turns False (migrate its namespaces and restart its pods first).` };
  }
  if (rev.sailInUse === undefined || !rev.notInUseSince || Number.isNaN(Date.parse(rev.notInUseSince))) {
    return { state: 'unknown', graceSeconds: grace, text: `Sail's InUse condition of ${revision} is unknown: Sail never prunes a revision whose use it cannot tell.` };
  }
  const at = new Date(Date.parse(rev.notInUseSince) + grace * 1000).toISOString().replace(/\.000Z$/, 'Z');
  return { state: 'scheduled', at, graceSeconds: grace, text: `Sail deletes ${revision} itself: not in use since ${rev.notInUseSince}, grace period ${grace} s — at ${at} (or at its next reconcile after that).` };
}

/** A new `Istio` for `kubectl apply -f` (no Istio yet): RevisionBased from the start, so each upgrade is a canary. */
export function sailIstioManifest(name: string, versionInput: string, namespace = 'istio-system'): { ok: true; yaml: string; version: string } | { ok: false; problem: string } {
  const version = sailVersion(versionInput);
  if (!version) return { ok: false, problem: `${JSON.stringify(versionInput)} is not a Sail version like v1.25.1` };
  const istio = {
    apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name },
    spec: { version, namespace, updateStrategy: { type: 'RevisionBased', inactiveRevisionDeletionGracePeriodSeconds: 30 } },
  };
  return { ok: true, version, yaml: yaml.dump(istio, { lineWidth: -1, noRefs: true }) };
}
