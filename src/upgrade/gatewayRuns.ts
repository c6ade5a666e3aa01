/** The blue/green gateway switch and its switch-back as runs (runScope.ts), for the extension and the CLI alike. */
import type { ClusterClient } from '../kube/clusterClient';
import type { GatewaySwitchPlan } from '../mesh/gatewayPlans';
import type { Journal } from './journal';
import type { LockConfig } from './namespaceLocks';
import { journaledSwitch, requireReady, switchBack, switchGateway, type SelectorChange } from './gatewaySwitch';
import { inRunScope } from './runScope';
import { UpgradeError } from './upgradeErrors';

export interface GatewayRunOptions {
  journal?: Journal;
  dryRun?: boolean;
  signal?: AbortSignal;
  locks?: LockConfig | false;
  onNotice?: (message: string) => void;
}

export interface GatewayRunResult {
  change: SelectorChange;
  runId?: string;
  warnings: string[];
}

/** Locks the Service's namespace; journaled, so the switch can be undone (runSwitchBack). Refusals come before any write. */
export async function runGatewaySwitch(client: ClusterClient, plan: GatewaySwitchPlan, o: GatewayRunOptions = {}): Promise<GatewayRunResult> {
  await requireReady(client, plan.to, o.signal);
  return inRunScope({ client, journal: o.journal }, {
    command: 'gateway-switch', target: `${plan.to.namespace}/${plan.to.name}`, namespaces: [plan.service.namespace],
    dryRun: o.dryRun, signal: o.signal, locks: o.locks, onNotice: o.onNotice,
  }, async (rc) => ({
    change: await switchGateway(client, plan, { journal: rc.journal, run: rc.run, dryRun: o.dryRun, signal: rc.signal }),
    runId: rc.run?.runId, warnings: rc.warnings,
  }), () => ({ status: 'completed' }));
}

/** Restores the selector switch run `runId` recorded, as a journaled run of its own (rollbackOf). */
export async function runSwitchBack(client: ClusterClient, journal: Journal, runId: string, o: Omit<GatewayRunOptions, 'journal'> = {}): Promise<GatewayRunResult> {
  const original = journal.run(runId);
  if (!original) throw new UpgradeError('refused', `run ${runId} is not in the journal ${journal.dir}`);
  if (original.command !== 'gateway-switch') throw new UpgradeError('refused', `run ${runId} is a ${original.command} run, not a gateway switch`);
  if (!journaledSwitch(journal, runId)) throw new UpgradeError('refused', `Run ${runId} switched no Service selector: nothing to switch back.`);
  return inRunScope({ client, journal }, {
    command: 'gateway-switch', namespaces: original.namespaces, rollbackOf: runId,
    dryRun: o.dryRun, signal: o.signal, locks: o.locks, onNotice: o.onNotice,
  }, async (rc) => ({
    change: await switchBack(client, journal, runId, { journal, run: rc.run, dryRun: o.dryRun, signal: rc.signal }),
    runId: rc.run?.runId, warnings: rc.warnings,
  }), () => ({ status: 'completed' }));
}
