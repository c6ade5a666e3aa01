/**
 * Namespace → revision binding, with the exact precedence of istio-model.md M5:
 * istio-injection=disabled > istio-injection=enabled (default revision) > istio.io/rev (revision, tag,
 * or "default") > nothing — where "nothing" is still bound (`via: auto`) when an enableNamespacesByDefault
 * webhook injects unlabeled namespaces (autoInjection.ts). Any other istio-injection value blocks every webhook
 * (they select `istio-injection In [enabled]` or `DoesNotExist`).
 */
import type { DefaultRevision, NamespaceBinding, NamespaceState, NamespaceTarget, Revision, Tag } from './model';
import { DEFAULT_REVISION_NAME, LABEL_DATAPLANE_MODE, LABEL_INJECTION, LABEL_REV } from './labels';
import { labelsOf, nameOf } from './untrusted';
import { type AutoInjector, autoInjectorFor } from './autoInjection';

export interface BindingContext {
  revisions: ReadonlyMap<string, Revision>;
  tags: ReadonlyMap<string, Tag>;
  defaultRevision?: DefaultRevision;
  /** Entries injecting namespaces without injection labels (enableNamespacesByDefault), default revision's first. */
  autoInjectors?: readonly AutoInjector[];
  /** Namespaces never bound `via: auto` (the Istio control-plane namespaces). */
  autoExcluded?: ReadonlySet<string>;
}

export type Resolution =
  | { ok: true; target: NamespaceTarget; chain: string }
  | { ok: false; chain: string };

/** The default revision as a target reached from `prefix` (e.g. "istio-injection=enabled"). */
export function resolveDefault(prefix: string, via: NamespaceTarget['via'], ctx: BindingContext): Resolution {
  const d = ctx.defaultRevision;
  if (!d) return { ok: false, chain: `${prefix}, but there is no default revision` };
  const step = d.source === 'default-tag' ? 'tag default' : 'default';
  const chain = `${prefix} → ${step} → ${d.name}`;
  if (!ctx.revisions.has(d.name)) return { ok: false, chain: `${chain}, which does not exist` };
  const target: NamespaceTarget = d.source === 'default-tag'
    ? { revision: d.name, via: via === 'istio-injection' ? via : 'tag', tag: DEFAULT_REVISION_NAME }
    : { revision: d.name, via };
  return { ok: true, target, chain };
}

/** What an `istio.io/rev=<value>` label (namespace or pod) selects: a revision, a tag, or "default". */
export function resolveRevLabel(value: string, ctx: BindingContext): Resolution {
  const prefix = `${LABEL_REV}=${value}`;
  if (value === '') return { ok: false, chain: `${LABEL_REV} is empty: no webhook selects it` };
  if (ctx.revisions.has(value)) return { ok: true, target: { revision: value, via: 'istio.io/rev' }, chain: prefix };
  const tag = ctx.tags.get(value);
  if (tag) {
    const chain = `${prefix} → tag ${tag.name} → ${tag.revision}`;
    if (!ctx.revisions.has(tag.revision)) return { ok: false, chain: `${chain}, which does not exist` };
    return { ok: true, target: { revision: tag.revision, via: 'tag', tag: tag.name }, chain };
  }
  if (value === DEFAULT_REVISION_NAME) return resolveDefault(prefix, 'istio.io/rev', ctx);
  return { ok: false, chain: `${prefix} names no revision or tag in this cluster` };
}

export interface NamespaceRule {
  binding: NamespaceBinding;
  /** Neither injection label is set, so pod-level `istio.io/rev` / `sidecar.istio.io/inject=true` select the injector. */
  podSelection: boolean;
  /** The binding is `via: auto`: this entry injects the pods its objectSelector matches (those without Istio labels). */
  auto?: AutoInjector;
}

/** "no injection label: istio-revision-tag-default's auto.sidecar-injector.istio.io injects unlabeled namespaces → tag default → 1-24-3". */
function autoRule(name: string, labels: Record<string, string>, ctx: BindingContext): { target: NamespaceTarget; chain: string; auto: AutoInjector } | undefined {
  const auto = autoInjectorFor(name, labels, ctx.autoInjectors ?? [], ctx.autoExcluded);
  if (!auto || !ctx.revisions.has(auto.revision)) return undefined;
  const step = auto.tag ? `tag ${auto.tag} → ${auto.revision}` : auto.revision;
  return {
    target: { revision: auto.revision, via: 'auto', ...(auto.tag ? { tag: auto.tag } : {}) },
    chain: `no injection label: ${auto.config}'s ${auto.entry} injects unlabeled namespaces → ${step}`,
    auto,
  };
}

export function bindNamespace(ns: unknown, ctx: BindingContext, warnings: string[]): NamespaceRule {
  const name = nameOf(ns);
  const labels = labelsOf(ns);
  const injection = labels[LABEL_INJECTION];
  const rev = labels[LABEL_REV];
  const make = (state: NamespaceState, target: NamespaceTarget | null, reason: string, conflict?: string): NamespaceBinding => {
    const b: NamespaceBinding = { name, labels, state, target, reason, ambient: labels[LABEL_DATAPLANE_MODE] === 'ambient', workloads: [] };
    if (conflict) b.conflict = conflict;
    return b;
  };
  const conflictWith = (winner: string): string | undefined => (rev === undefined ? undefined
    : `${LABEL_INJECTION}=${winner} and ${LABEL_REV}=${rev} are both set: ${LABEL_INJECTION} wins, ${LABEL_REV} is ignored (IST0123)`);

  if (injection === 'disabled') {
    return { podSelection: false, binding: make('disabled', null, `${LABEL_INJECTION}=disabled`, conflictWith('disabled')) };
  }
  if (injection === 'enabled') {
    const r = resolveDefault(`${LABEL_INJECTION}=enabled`, 'istio-injection', ctx);
    const binding = r.ok ? make('bound', r.target, r.chain, conflictWith('enabled')) : make('dangling', null, r.chain, conflictWith('enabled'));
    return { podSelection: false, binding };
  }
  if (injection !== undefined) {
    warnings.push(`Namespace ${name}: ${LABEL_INJECTION}=${injection} is neither "enabled" nor "disabled"; Istio only injects for "enabled", and the label blocks ${LABEL_REV}.`);
    const reason = `${LABEL_INJECTION}=${injection} is not "enabled": no webhook injects here`;
    return { podSelection: false, binding: make('unlabeled', null, reason, conflictWith(injection)) };
  }
  if (rev !== undefined) {
    const r = resolveRevLabel(rev, ctx);
    return { podSelection: false, binding: r.ok ? make('bound', r.target, r.chain) : make('dangling', null, r.chain) };
  }
  const auto = autoRule(name, labels, ctx);
  if (auto) return { podSelection: true, binding: make('bound', auto.target, auto.chain), auto: auto.auto };
  return { podSelection: true, binding: make('unlabeled', null, 'no injection label') };
}
