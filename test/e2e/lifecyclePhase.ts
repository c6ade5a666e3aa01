/**
 * Fourth phase of the e2e run: revision tags and a blue/green gateway switch driven through the tree's context
 * menus in a user session (extension installed, smoke-test driver off), with two simulators in one KUBECONFIG:
 *   sim-tags-prod-canary     set tag qa on 1-8-0, move prod to 1-8-0, remove qa
 *   sim-blue-green-gateways  switch Service istio-gateways/istio-ingressgateway to 1-10-4, then Switch Back
 *   sim-helm-canary          move the Helm-rendered tag prod: the modal offers the helm commands, not the write
 *                            (test/e2e/ownersUi.ts)
 * Each write (or its absence) is also checked from this process through the project's own kube client.
 */
import { screenshot } from '../../scripts/vscode/browser';
import { skippedCheck, uiCheck, type Check } from './checks';
import { driveGatewaySwitch, driveTags } from './lifecycleUi';
import { UserSession, type PhaseOptions } from './userSession';
import { driveHelmTagMove } from './ownersUi';

export interface LifecyclePhaseOptions extends PhaseOptions {
  checks: Check[];
}

export async function runLifecyclePhase(o: LifecyclePhaseOptions): Promise<void> {
  const session = new UserSession();
  try {
    const opened = await uiCheck(o.checks, 'UI lifecycle: a user session loads tags-prod-canary, blue-green-gateways and helm-canary from one KUBECONFIG', async () => {
      await session.open(o, 'lifecycle', ['tags-prod-canary', 'blue-green-gateways', 'helm-canary'], 300);
    }, async () => session.workbench && screenshot(session.workbench.page, 'failed-lifecycle-session'));
    const [tags, gateways, helm] = session.sims;
    const workbench = session.workbench;
    if (!opened || !workbench || !tags || !gateways || !helm) {
      skippedCheck(o.checks, 'UI lifecycle: tag set / move / remove, the gateway switch and the Helm tag move', 'the user session did not load');
      return;
    }
    await driveTags(workbench.page, { context: tags.contextName, kubeconfigPath: tags.kubeconfigPath }, o.checks, o.log);
    await driveGatewaySwitch(workbench.page, { context: gateways.contextName, kubeconfigPath: gateways.kubeconfigPath }, o.checks, o.log);
    await driveHelmTagMove(workbench.page, { context: helm.contextName, kubeconfigPath: helm.kubeconfigPath }, o.checks, o.log);
  } finally {
    await session.close();
  }
}
