/**
 * The cluster as the plan expects it before each step: the revisions there (installed ones added, removed ones
 * gone), where each tag points, which namespaces earlier waves moved and which gateways earlier steps moved. The
 * checks walk the steps over it, so "tag → a revision installed two steps earlier" is fine and "remove a revision a
 * tag still points at" is not.
 */
import type { GatewayInfo } from '../mesh/gateways';
import type { MeshSnapshot } from '../mesh/model';
import type { PlanStep } from './planTypes';

export interface PlanModel {
  snapshot: MeshSnapshot;
  /** Gateway Deployments of the cluster (Fleet computes them with the snapshot). */
  gateways: readonly GatewayInfo[];
}

export class PlanWorld {
  readonly revisions = new Map<string, { version?: string }>();
  readonly tags = new Map<string, string>();
  /** Namespace → the wave target (revision or tag) that moved it, and the step. */
  readonly moved = new Map<string, { to: string; step: number }>();
  readonly gatewaysMoved = new Set<string>();

  constructor(readonly model: PlanModel) {
    for (const r of model.snapshot.revisions) this.revisions.set(r.name, { version: r.version });
    for (const t of model.snapshot.tags) this.tags.set(t.name, t.revision);
  }

  /** The revision a revision-or-tag name means now (undefined: neither). */
  resolve(name: string): string | undefined {
    if (this.revisions.has(name)) return name;
    return this.tags.get(name);
  }

  versionOf(name: string): string | undefined {
    const rev = this.resolve(name);
    return rev ? this.revisions.get(rev)?.version : undefined;
  }

  /** What the step does to the world (after it has been checked). */
  apply(step: PlanStep, namespaces: readonly string[] = []): void {
    switch (step.kind) {
      case 'install':
        if (!this.revisions.has(step.revision)) this.revisions.set(step.revision, { version: step.version });
        break;
      case 'tag':
        if (step.action === 'remove') this.tags.delete(step.tag);
        else this.tags.set(step.tag, step.revision);
        break;
      case 'wave':
        for (const n of namespaces) this.moved.set(n, { to: step.to, step: step.index });
        break;
      case 'gateway':
        if (step.mode === 'inPlace' && step.namespace && step.deployment) this.gatewaysMoved.add(`${step.namespace}/${step.deployment}`);
        if (step.mode === 'switch' && step.service) this.gatewaysMoved.add(`service:${step.service.namespace}/${step.service.name}`);
        break;
      case 'removeRevision':
        this.revisions.delete(step.revision);
        break;
      case 'precheck':
        break;
    }
  }

  /** Namespaces that inject with `revision` now, or run its proxies, and that no earlier wave moved elsewhere. */
  stillOn(revision: string): string[] {
    const out: string[] = [];
    // Gateways are counted by gatewaysOn: a namespace holding only a gateway is the gateway's step's business.
    const gateway = new Set(this.model.gateways.map((g) => `${g.namespace}/${g.name}`));
    for (const ns of this.model.snapshot.namespaces) {
      const bound = ns.target?.revision === revision;
      const proxies = ns.workloads.some((w) => !gateway.has(`${ns.name}/${w.name}`) && w.pods.some((p) => p.injected && p.revision === revision));
      if (!bound && !proxies) continue;
      const moved = this.moved.get(ns.name);
      if (moved && this.resolve(moved.to) !== revision) continue;
      out.push(ns.name);
    }
    return out;
  }

  /** Gateways whose pods run `revision` (or whose template selects it) that no earlier gateway step moved. */
  gatewaysOn(revision: string): GatewayInfo[] {
    return this.model.gateways.filter((g) => (g.revision === revision || g.proxyRevisions.includes(revision))
      && !this.gatewaysMoved.has(`${g.namespace}/${g.name}`)
      && !g.services.some((s) => this.gatewaysMoved.has(`service:${g.namespace}/${s}`)));
  }
}
