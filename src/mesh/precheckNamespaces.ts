/** Precheck of namespace labels (istio-model.md M5): both injection labels (IST0123), disabled with leftovers, dangling, ambient. */
import type { Finding, FindingObject } from './finding';
import { type BindingContext, resolveRevLabel } from './injectionRules';
import { LABEL_INJECTION, LABEL_REV } from './labels';
import type { MeshSnapshot, NamespaceBinding } from './model';
import { byCount, plural } from './plural';
import { isTerminal } from './proxies';

export function bindingContextOf(snapshot: MeshSnapshot): BindingContext {
  const ctx: BindingContext = {
    revisions: new Map(snapshot.revisions.map((r) => [r.name, r])),
    tags: new Map(snapshot.tags.map((t) => [t.name, t])),
  };
  if (snapshot.defaultRevision) ctx.defaultRevision = snapshot.defaultRevision;
  return ctx;
}

const nsObject = (name: string): FindingObject => ({ kind: 'Namespace', name });

/** IST0123: both labels. The only fixable case: `enabled` next to an `istio.io/rev` that resolves here. */
function bothLabels(ns: NamespaceBinding, ctx: BindingContext): Finding | undefined {
  const injection = ns.labels[LABEL_INJECTION];
  const rev = ns.labels[LABEL_REV];
  if (injection === undefined || rev === undefined) return undefined;
  const id = `IST0123:ns/${ns.name}`;
  const objects = [nsObject(ns.name)];
  if (injection === 'disabled') {
    return {
      id, code: 'disabled-with-rev IST0123', severity: 'warning', objects,
      title: `Namespace ${ns.name}: istio-injection=disabled next to istio.io/rev=${rev}`,
      detail: `${LABEL_INJECTION}=disabled wins: no webhook injects pods of ${ns.name}, so ${LABEL_REV}=${rev} has no effect. `
        + `If the namespace belongs in the mesh, remove ${LABEL_INJECTION} (kubectl label namespace ${ns.name} ${LABEL_INJECTION}-); `
        + `if not, remove ${LABEL_REV} so nobody is misled. No automatic fix: which label is intended is your call.`,
    };
  }
  const resolved = resolveRevLabel(rev, ctx);
  const winner = ns.state === 'bound' && ns.target ? `new pods go to ${ns.target.revision} (${ns.reason})` : `new pods get: ${ns.reason}`;
  const base = `${LABEL_INJECTION}=${injection} takes precedence over ${LABEL_REV}=${rev}, which is ignored: ${winner}.`;
  if (injection === 'enabled' && resolved.ok) {
    return {
      id, code: 'namespace-labels IST0123', severity: 'warning', objects,
      title: `Namespace ${ns.name} has both istio-injection=enabled and istio.io/rev=${rev}`,
      detail: `${base} During a revision-based upgrade istio-injection must be removed so that ${LABEL_REV} takes over (${resolved.chain}).`,
      fix: {
        kind: 'removeNamespaceLabel', namespace: ns.name, label: LABEL_INJECTION,
        description: `Remove ${LABEL_INJECTION} from ${ns.name}: new pods are then injected by ${resolved.target.revision} (${resolved.chain}). `
          + `Running pods keep their proxy until they restart (kubectl label namespace ${ns.name} ${LABEL_INJECTION}-).`,
      },
    };
  }
  const why = injection === 'enabled'
    ? `No automatic fix: ${resolved.chain}, so removing ${LABEL_INJECTION} would take ${ns.name} out of injection. Point ${LABEL_REV} at an existing revision or tag first, or remove ${LABEL_REV} to stay on the default revision.`
    : `${LABEL_INJECTION}=${injection} is neither "enabled" nor "disabled" and blocks every webhook. No automatic fix: decide whether ${ns.name} belongs in the mesh.`;
  return {
    id, code: 'namespace-labels IST0123', severity: 'warning', objects,
    title: `Namespace ${ns.name} has both ${LABEL_INJECTION}=${injection} and ${LABEL_REV}=${rev}`,
    detail: `${base} ${why}`,
  };
}

/** Injection disabled, but pods still carry a proxy, or pod templates still ask for a revision. */
function disabledLeftovers(ns: NamespaceBinding): Finding | undefined {
  if (ns.state !== 'disabled') return undefined;
  const pods = ns.workloads.flatMap((w) => w.pods).filter((p) => p.injected && !isTerminal(p.phase));
  const templates = ns.workloads.filter((w) => w.templateRevision !== undefined);
  if (pods.length === 0 && templates.length === 0) return undefined;
  const revisions = [...new Set(pods.map((p) => p.revision ?? 'unknown'))].sort();
  const parts: string[] = [];
  if (pods.length) parts.push(`${plural(pods.length, 'running pod')} still ${byCount(pods.length, 'carries', 'carry')} a proxy (revision ${revisions.join(', ')}); ${byCount(pods.length, 'its', 'their')} next restart removes it and takes ${byCount(pods.length, 'it', 'them')} out of the mesh.`);
  if (templates.length) parts.push(`Pod templates of ${templates.map((w) => w.name).join(', ')} set ${LABEL_REV}, which is ignored while injection is disabled.`);
  return {
    id: `disabled-leftovers:ns/${ns.name}`, code: 'disabled-with-leftovers', severity: 'warning',
    title: `Namespace ${ns.name}: injection disabled, but ${pods.length ? 'proxies remain' : `${LABEL_REV} on pod templates`}`,
    detail: `${LABEL_INJECTION}=disabled. ${parts.join(' ')} If these workloads belong in the mesh, label the namespace with ${LABEL_REV}=<revision or tag> instead; otherwise restart them to drop the proxy.`,
    objects: [nsObject(ns.name),
      ...templates.map((w) => ({ kind: w.kind, namespace: ns.name, name: w.name })),
      ...pods.map((p) => ({ kind: 'Pod', namespace: ns.name, name: p.pod }))],
  };
}

function dangling(ns: NamespaceBinding): Finding | undefined {
  if (ns.state !== 'dangling') return undefined;
  return {
    id: `dangling:ns/${ns.name}`, code: 'dangling-namespace', severity: 'error',
    title: `Namespace ${ns.name} points at no control plane`,
    detail: `${ns.reason}. No webhook injects new or restarted pods of ${ns.name}: a rollout restart would take them out of the mesh. Relabel the namespace to an existing revision or tag.`,
    objects: [nsObject(ns.name)],
  };
}

function ambientNamespaces(snapshot: MeshSnapshot): Finding | undefined {
  const names = snapshot.namespaces.filter((n) => n.ambient).map((n) => n.name);
  if (names.length === 0) return undefined;
  return {
    id: 'ambient:namespaces', code: 'ambient-namespaces', severity: 'info',
    title: `${plural(names.length, 'namespace')} in ambient mode`,
    detail: `istio.io/dataplane-mode=ambient: ${names.join(', ')}. Their pods have no sidecar to restart; traffic goes through the node's ztunnel, which is upgraded in place (no canary). `
      + 'Waypoints follow the revision their tag (istio.io/rev) names: move the tag to upgrade them, point it back to roll back.',
    objects: names.map(nsObject),
  };
}

export function namespaceFindings(snapshot: MeshSnapshot): Finding[] {
  const ctx = bindingContextOf(snapshot);
  const out: Finding[] = [];
  for (const ns of snapshot.namespaces) {
    for (const f of [bothLabels(ns, ctx), disabledLeftovers(ns), dangling(ns)]) if (f) out.push(f);
  }
  const ambient = ambientNamespaces(snapshot);
  if (ambient) out.push(ambient);
  return out;
}
