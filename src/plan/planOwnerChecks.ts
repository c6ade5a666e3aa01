/**
 * "Would an owner put this write back?" for plan steps, from the owner model (src/mesh/owners): a GitOps-kept
 * namespace a wave relabels, a Helm- or Sail-rendered tag a step moves, a gateway or revision a release owns.
 */
import { LABEL_INJECTION, LABEL_REV } from '../mesh/labels';
import type { ManagedBy } from '../mesh/model';
import { ownerAdvice, type OwnedWrite } from '../mesh/owners/ownerAdvice';
import { ownerShort } from '../mesh/owners/ownerText';
import { shellCommand } from '../mesh/shellQuote';
import type { PlanProblem, PlanStep } from './planTypes';
import type { PlanModel } from './planWorld';

function problem(model: PlanModel, step: PlanStep, owner: ManagedBy, write: OwnedWrite, what: string, span = step.keySpan): PlanProblem | undefined {
  if (owner.kind === 'istioctl') return undefined;
  const advice = ownerAdvice(owner, write, model.snapshot.owners?.helmReleases ?? []);
  const commands = advice.commands.map((c) => shellCommand(c));
  return {
    severity: 'warning', code: 'owner-reverts', step: step.index, span,
    message: `${what} is kept by ${ownerShort(owner)}: ${advice.reverts} ${advice.ownerWay}${commands.length ? ` (${commands.join(' && ')})` : ''}`,
  };
}

/**
 * Warnings for the owners that would revert what `step` writes; `namespaces`: a wave's namespaces. An istioctl
 * install runs no controller — nothing puts a direct write back until someone runs istioctl again — so it is none.
 */
export function ownerProblems(model: PlanModel, step: PlanStep, namespaces: readonly string[]): PlanProblem[] {
  const { snapshot } = model;
  const out: (PlanProblem | undefined)[] = [];
  switch (step.kind) {
    case 'wave':
      for (const name of namespaces) {
        const ns = snapshot.namespaces.find((n) => n.name === name);
        if (!ns?.managedBy) continue;
        const relabel = ns.labels[LABEL_REV] !== step.to || ns.labels[LABEL_INJECTION] !== undefined;
        if (!relabel) continue;
        const i = step.namespaces?.indexOf(name) ?? -1;
        const span = i >= 0 ? step.at[`namespaces.${i}`] ?? step.keySpan : step.keySpan;
        out.push(problem(model, step, ns.managedBy, {
          kind: 'relabel-namespace', namespace: name, set: { [LABEL_REV]: step.to }, remove: ns.labels[LABEL_INJECTION] !== undefined ? [LABEL_INJECTION] : [],
        }, `namespace ${name}`, span));
      }
      break;
    case 'tag': {
      const tag = snapshot.tags.find((t) => t.name === step.tag);
      if (!tag?.managedBy) break;
      out.push(problem(model, step, tag.managedBy, step.action === 'remove'
        ? { kind: 'remove-tag', tag: step.tag, from: tag.revision }
        : { kind: 'move-tag', tag: step.tag, from: tag.revision, to: step.revision }, `tag ${step.tag}`));
      break;
    }
    case 'gateway': {
      const g = model.gateways.find((x) => x.namespace === step.namespace && x.name === step.deployment);
      if (step.mode !== 'inPlace' || !g?.managedBy) break;
      out.push(problem(model, step, g.managedBy, { kind: 'set-gateway-revision', namespace: g.namespace, name: g.name, revision: step.revision }, `gateway ${g.namespace}/${g.name}`));
      break;
    }
    case 'removeRevision': {
      const rev = snapshot.revisions.find((r) => r.name === step.revision);
      if (!rev?.managedBy) break;
      out.push(problem(model, step, rev.managedBy, { kind: 'remove-revision', revision: step.revision }, `revision ${step.revision}`));
      break;
    }
    default:
      break;
  }
  return out.filter((p): p is PlanProblem => p !== undefined);
}
