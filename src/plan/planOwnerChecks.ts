/**
 * "Would an owner put this write back?" for plan steps, from the owner routes (src/mesh/owners/ownerRoute.ts): a
 * GitOps-kept namespace a wave relabels, a Helm- or Sail-rendered tag a step moves, a gateway, Service or revision a
 * release or Sail owns. A write that is ours to make (no owner, or an istioctl install) is no problem.
 */
import { LABEL_INJECTION, LABEL_REV } from '../mesh/labels';
import type { ManagedBy, MeshSnapshot } from '../mesh/model';
import { routeCommands, routeContextOf, routeWrite, type PlannedWrite } from '../mesh/owners/ownerRoute';
import { ownerShort } from '../mesh/owners/ownerText';
import { shellCommand } from '../mesh/shellQuote';
import type { PlanProblem, PlanStep, Span } from './planTypes';
import type { PlanModel } from './planWorld';

/** The owner-native route's words, when `write` to what `owner` keeps is not ours to make directly. */
export function ownerObjection(snapshot: MeshSnapshot, write: PlannedWrite, owner: ManagedBy | undefined): string | undefined {
  const route = routeWrite(write, owner, routeContextOf(snapshot));
  if (route.route !== 'owner-native') return undefined;
  const commands = routeCommands(route).map((c) => shellCommand(c));
  return `kept by ${ownerShort(route.owner)}: ${route.explanation} ${route.reverts}${commands.length ? ` The owner's way: ${commands.join(' && ')}` : ''}`;
}

function problem(step: PlanStep, what: string, objection: string | undefined, span: Span = step.keySpan): PlanProblem | undefined {
  return objection ? { severity: 'warning', code: 'owner-reverts', step: step.index, span, message: `${what} is ${objection}` } : undefined;
}

/** Warnings for the owners that would revert what `step` writes; `namespaces`: a wave's namespaces. */
export function ownerProblems(model: PlanModel, step: PlanStep, namespaces: readonly string[]): PlanProblem[] {
  const { snapshot } = model;
  const out: (PlanProblem | undefined)[] = [];
  switch (step.kind) {
    case 'wave':
      for (const name of namespaces) {
        const ns = snapshot.namespaces.find((n) => n.name === name);
        if (!ns || (ns.labels[LABEL_REV] === step.to && ns.labels[LABEL_INJECTION] === undefined)) continue;
        const i = step.namespaces?.indexOf(name) ?? -1;
        const write: PlannedWrite = {
          kind: 'relabel-namespace', namespace: name, labels: ns.labels, set: { [LABEL_REV]: step.to }, remove: ns.labels[LABEL_INJECTION] !== undefined ? [LABEL_INJECTION] : [],
        };
        out.push(problem(step, `namespace ${name}`, ownerObjection(snapshot, write, ns.managedBy), i >= 0 ? step.at[`namespaces.${i}`] : undefined));
      }
      break;
    case 'tag': {
      const tag = snapshot.tags.find((t) => t.name === step.tag);
      if (!tag) break;
      const write: PlannedWrite = step.action === 'remove' ? { kind: 'remove-tag', tag: step.tag, from: tag.revision } : { kind: 'move-tag', tag: step.tag, from: tag.revision, to: step.revision };
      out.push(problem(step, `tag ${step.tag}`, ownerObjection(snapshot, write, tag.managedBy)));
      break;
    }
    case 'gateway': {
      if (step.mode === 'inPlace') {
        const g = model.gateways.find((x) => x.namespace === step.namespace && x.name === step.deployment);
        if (g) out.push(problem(step, `gateway ${g.namespace}/${g.name}`, ownerObjection(snapshot, { kind: 'gateway-move', namespace: g.namespace, name: g.name, to: step.revision }, g.managedBy)));
      }
      break;
    }
    case 'removeRevision': {
      const rev = snapshot.revisions.find((r) => r.name === step.revision);
      if (rev) out.push(problem(step, `revision ${step.revision}`, ownerObjection(snapshot, { kind: 'remove-revision', revision: step.revision }, rev.managedBy)));
      break;
    }
    default:
      break;
  }
  return out.filter((p): p is PlanProblem => p !== undefined);
}
