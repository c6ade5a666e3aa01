/**
 * A plan written from what the cluster shows (pure): precheck; install when the target is missing (by whoever owns
 * the old revision: Helm, Sail or istioctl); every tag on `from` moved to the target; waves of the namespaces on
 * `from` — the smallest first as the canary, the namespaces holding gateways last —; gateway moves; removal of `from`.
 */
import type { GatewayInfo } from '../mesh/gateways';
import { planInstall } from '../mesh/installPlan';
import type { MeshSnapshot, NamespaceBinding } from '../mesh/model';
import { plural } from '../mesh/plural';
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';
import { formatDuration } from './duration';
import type { DraftPlan, DraftStep } from './planYaml';

export interface CreateOptions {
  /** The first (canary) wave's soak; later waves get `soakMs` too (default 5 min). */
  soakMs?: number;
  /** Namespaces per wave after the first (default 5). */
  waveSize?: number;
  /** For the header comment. */
  now?: Date;
  /**
   * Where Prometheus was found (a Service `namespace/name` or a URL): every wave then also has the `traffic` gate.
   * Absent: `verify` only, and the header says how to add it.
   */
  prometheus?: string;
}

export type CreateResult = { ok: true; plan: DraftPlan } | { ok: false; error: string };

const proxyCount = (ns: NamespaceBinding): number => ns.workloads.reduce((n, w) => n + w.pods.filter((p) => p.injected).length, 0);

/** 1-25-1 → 1.25.1 (a revision named after its version), else undefined. */
export function versionFromRevision(revision: string): string | undefined {
  const m = /^(\d+)-(\d+)-(\d+)(?:-(.+))?$/.exec(revision);
  return m ? `${m[1]}.${m[2]}.${m[3]}${m[4] ? `-${m[4]}` : ''}` : undefined;
}

function installStep(snapshot: MeshSnapshot, from: string, to: string): DraftStep {
  const version = versionFromRevision(to);
  const old = snapshot.revisions.find((r) => r.name === from);
  const ns = old?.istioNamespace ?? 'istio-system';
  const istio = snapshot.owners?.sail?.istios[0];
  const base: DraftStep = { kind: 'install', fields: [['revision', to], ['version', version]] };
  if (!version) {
    return { ...base, fields: [...base.fields, ['via', 'manual']], comment: `Install Istio as revision ${to} next to ${from} (its version could not be told from the name), then run this step.` };
  }
  if (istio) {
    const patch = JSON.stringify({ spec: { version: `v${version}` } });
    return { ...base, fields: [...base.fields, ['via', 'sail'], ['command', ['kubectl', '--context', snapshot.context, 'patch', 'istio', istio.name, '--type', 'merge', '-p', patch]]],
      comment: `Sail owns the control plane: its Istio ${istio.name} (${istio.updateStrategy ?? 'update strategy unknown'}) gets the new version and renders the revision.` };
  }
  if (old?.managedBy?.kind === 'helm') {
    return { ...base, fields: [...base.fields, ['via', 'helm'], ['command', ['helm', 'install', `istiod-${to}`, 'istio/istiod', '--version', version, '--namespace', ns, '--set', `revision=${to}`, '--kube-context', snapshot.context]]],
      comment: `Helm owns ${from} (release ${old.managedBy.name}): the new revision is a release of its own.` };
  }
  const planned = planInstall(snapshot, { version, revision: to, istioNamespace: ns, context: snapshot.context });
  if (!planned.ok) return { ...base, fields: [...base.fields, ['via', 'manual']], comment: planned.error };
  return { ...base, fields: [...base.fields, ['via', 'istioctl'], ['command', ['istioctl', ...planned.plan.istioctlArgs]]] };
}

interface Mover {
  name: string;
  to: string;
  proxies: number;
  gateway: boolean;
}

function waves(movers: Mover[], soak: string, size: number, gates: string[]): DraftStep[] {
  const out: DraftStep[] = [];
  const ordered = [...movers].sort((a, b) => Number(a.gateway) - Number(b.gateway) || a.proxies - b.proxies || a.name.localeCompare(b.name));
  let current: Mover[] = [];
  const flush = (): void => {
    if (!current.length) return;
    const first = out.length === 0;
    const names = current.map((m) => m.name);
    out.push({
      kind: 'wave',
      comment: first ? `Canary: the smallest namespace first (${plural(current[0].proxies, 'proxy', 'proxies')}), then a soak.` : current[0].gateway ? 'Namespaces holding gateways go last.' : undefined,
      fields: [['title', first ? 'canary' : `wave ${out.length + 1}`], ['namespaces', names], ['to', current[0].to], ['concurrency', Math.min(2, names.length)], ['soak', soak], ['gates', gates]],
    });
    current = [];
  };
  for (const m of ordered) {
    const limit = out.length === 0 ? 1 : size;
    if (current.length && (current.length >= limit || current[0].to !== m.to || current[0].gateway !== m.gateway)) flush();
    current.push(m);
  }
  flush();
  return out;
}

function gatewaySteps(gateways: readonly GatewayInfo[], from: string, to: string, toRevision: string): DraftStep[] {
  const out: DraftStep[] = [];
  for (const g of gateways) {
    if (g.revision !== from || g.revisionSource === 'namespace') continue;
    const next = gateways.find((x) => x.namespace === g.namespace && x.name !== g.name && x.revision === toRevision && x.services.length === 0);
    const service = g.services[0];
    if (next && service) {
      out.push({ kind: 'gateway', comment: `Blue/green: ${next.name} runs ${toRevision}; the Service moves to it.`, fields: [['mode', 'switch'], ['service', `${g.namespace}/${service}`], ['to', `${next.namespace}/${next.name}`]] });
    } else {
      out.push({ kind: 'gateway', fields: [['mode', 'inPlace'], ['namespace', g.namespace], ['deployment', g.name], ['revision', to]] });
    }
  }
  return out;
}

export function createPlan(snapshot: MeshSnapshot, gateways: readonly GatewayInfo[], from: string, to: string, o: CreateOptions = {}): CreateResult {
  const ctx = snapshot.context;
  if (!snapshot.revisions.some((r) => r.name === from)) {
    return { ok: false, error: `${from} is not a revision of ${ctx} (revisions: ${snapshot.revisions.map((r) => r.name).join(', ') || 'none'})` };
  }
  if (from === to) return { ok: false, error: `from and to are both ${from}` };
  const tag = snapshot.tags.find((t) => t.name === to);
  if (tag?.revision === from) return { ok: false, error: `${to} is a tag pointing at ${from}: name the revision to upgrade to` };
  const toRevision = tag?.revision ?? to;
  const installed = snapshot.revisions.find((r) => r.name === toRevision);
  const steps: DraftStep[] = [{ kind: 'precheck', fields: [] }];
  if (!installed) steps.push(installStep(snapshot, from, toRevision));
  const moved = snapshot.tags.filter((t) => t.revision === from);
  for (const t of moved) {
    steps.push({ kind: 'tag', comment: `Namespaces using tag ${t.name} move when they restart (the waves below).`, fields: [['action', 'move'], ['tag', t.name], ['revision', toRevision]] });
  }
  const movedTags = new Set(moved.map((t) => t.name));
  const gatewayNamespaces = new Set(gateways.map((g) => g.namespace));
  const movers: Mover[] = snapshot.namespaces
    .filter((ns) => ns.state === 'bound' && ns.target?.revision === from && !SYSTEM_NAMESPACES.has(ns.name))
    .map((ns) => ({ name: ns.name, to: ns.target?.tag && movedTags.has(ns.target.tag) ? ns.target.tag : to, proxies: proxyCount(ns), gateway: gatewayNamespaces.has(ns.name) }));
  const soak = formatDuration(o.soakMs ?? 300_000);
  steps.push(...waves(movers, soak, Math.max(1, o.waveSize ?? 5), o.prometheus ? ['verify', 'traffic'] : ['verify']));
  steps.push(...gatewaySteps(gateways, from, to, toRevision));
  steps.push({ kind: 'removeRevision', comment: `Once nothing uses ${from}.`, fields: [['revision', from]] });
  const fromV = snapshot.revisions.find((r) => r.name === from)?.version;
  const toV = installed?.version ?? versionFromRevision(toRevision);
  return {
    ok: true,
    plan: {
      name: `${from}-to-${to}`,
      description: `Canary upgrade of ${ctx} from ${from}${fromV ? ` (${fromV})` : ''} to ${to}${toV ? ` (${toV})` : ''}`,
      context: ctx, from, to, steps,
      header: [
        `Upgrade plan, written from ${ctx} by istio-canary plan create${o.now ? ` on ${o.now.toISOString().slice(0, 10)}` : ''}.`,
        'Review it like code; run it step by step (CodeLens in VS Code) or with: istio-canary apply FILE',
        o.prometheus
          ? `Prometheus at ${o.prometheus}: each wave has the traffic gate, which compares each namespace's 5xx ratio and p99 latency before and after its restart (apply finds it again, or takes --prometheus URL).`
          : 'No Prometheus was found, so the waves check verify only. With Prometheus, add traffic to a wave\'s gates (apply --prometheus URL, or istioCanary.prometheusUrl in VS Code).',
      ],
    },
  };
}
