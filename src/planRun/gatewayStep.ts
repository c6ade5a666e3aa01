/** gateway: in place (istio.io/rev on the Deployment's pod template, then its rollout) or a blue/green Service switch. */
import { planGatewayInPlace, planGatewaySwitch } from '../mesh/gatewayPlans';
import { findGateways } from '../mesh/gateways';
import { selectsLabels } from '../mesh/gateways';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import type { GatewayStep } from '../plan/planTypes';
import { ownerObjection } from '../plan/planOwnerChecks';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { runGatewaySwitch } from '../upgrade/gatewayRuns';
import { runWorkloadMove } from '../upgrade/workloadMove';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';
import { progressText } from './stepTypes';

const outcome = (status: StepOutcome['status'], summary: string, extra: Partial<StepOutcome> = {}): StepOutcome => ({ status, summary, runIds: [], verifications: [], details: [], ...extra });

export async function runGatewayStep(deps: StepDeps, step: GatewayStep, o: StepRunOptions): Promise<StepOutcome> {
  const inv = await readGatewayInventory(deps.client, o.signal, { owners: true });
  const snapshot = buildSnapshot(deps.client.context, inv);
  const idle = o.dryRun ? 'dry run' : 'completed';
  if (step.mode === 'switch') {
    if (!step.service || !step.to) return outcome('failed', 'refused', { error: 'a switch needs service and to' });
    const { service, to } = step;
    const svc = inv.services.find((s) => s.metadata.namespace === service.namespace && s.metadata.name === service.name);
    const target = findGateways(inv, snapshot).find((g) => g.namespace === to.namespace && g.name === to.name);
    if (svc && target && selectsLabels(svc.spec?.selector ?? {}, target.templateLabels) && Object.keys(svc.spec?.selector ?? {}).length) {
      return outcome(idle, `Service ${service.namespace}/${service.name} already selects ${to.name}`);
    }
    const planned = planGatewaySwitch(inv, snapshot, service, to);
    if (!planned.ok) return outcome('failed', 'refused', { error: planned.error });
    const objection = ownerObjection(snapshot, { kind: 'gateway-switch', namespace: service.namespace, service: service.name, to: to.name, toRevision: planned.plan.to.revision }, planned.plan.serviceOwner);
    if (objection) return outcome('failed', 'refused', { error: `refused: Service ${service.namespace}/${service.name} is ${objection}` });
    o.onProgress?.(`${o.dryRun ? 'dry run: ' : ''}${planned.plan.kubectl}`);
    const r = await runGatewaySwitch(deps.client, planned.plan, { journal: deps.journal, dryRun: o.dryRun, signal: o.signal, onNotice: o.onNotice });
    return outcome(idle, `Service ${service.namespace}/${service.name}: ${planned.plan.from.name} → ${to.name}`, { runIds: r.runId ? [r.runId] : [], details: [planned.plan.kubectl] });
  }
  if (!step.namespace || !step.deployment) return outcome('failed', 'refused', { error: 'an in-place move needs namespace and deployment' });
  const g = findGateways(inv, snapshot).find((x) => x.namespace === step.namespace && x.name === step.deployment);
  if (g?.templateRevision === step.revision) return outcome(idle, `${step.namespace}/${step.deployment} already has istio.io/rev=${step.revision}`);
  const planned = planGatewayInPlace(inv, snapshot, { namespace: step.namespace, name: step.deployment }, step.revision);
  if (!planned.ok) return outcome('failed', 'refused', { error: planned.error });
  const objection = ownerObjection(snapshot, { kind: 'gateway-move', namespace: step.namespace, name: step.deployment, to: step.revision }, g?.managedBy);
  if (objection) return outcome('failed', 'refused', { error: `refused: gateway ${step.namespace}/${step.deployment} is ${objection}` });
  const p = planned.plan;
  if (o.dryRun) return outcome('dry run', `would set istio.io/rev=${step.revision} on ${p.ref.namespace}/${p.ref.name} (${p.targetRevision})`, { details: [p.kubectl] });
  const r = await runWorkloadMove(deps.client, deps.journal, {
    command: 'gateway-move', ref: p.ref, target: step.revision, verify: false, rolloutTimeoutMs: o.rolloutTimeoutMs ?? 300_000,
  }, { signal: o.signal, onNotice: o.onNotice, onProgress: (e) => o.onProgress?.(progressText(e)) });
  const runIds = r.runId ? [r.runId] : [];
  return r.passed
    ? outcome('completed', `${p.ref.namespace}/${p.ref.name} rolled out on ${p.targetRevision}${p.targetVersion ? ` (${p.targetVersion})` : ''}`, { runIds, details: [p.kubectl] })
    : outcome('failed', 'rollout stuck', { runIds, error: r.rollout.summary });
}
