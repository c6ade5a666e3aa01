/**
 * Sixth phase of the e2e run: the Kubernetes extension integration and the Get Started walkthrough, in a user
 * session with the Kubernetes extension's test double (test/e2e/fakeK8sExtension) installed beside ours, one
 * tags-prod-canary simulator (its kubeconfig: the admin context, current, and `<ctx>-restricted`) and the default
 * `istioCanary.connect: current`:
 *   its Clusters view: our "Istio revisions" node; its namespace menu (Migrate runs); Reveal in Istio Upgrades
 *   the walkthrough: opened, a step's command checks it
 *   its "Set as Current Cluster" → our tree connects the new current context (last: it leaves the first idle)
 */
import * as path from 'node:path';
import { screenshot } from '../../scripts/vscode/browser';
import { skippedCheck, uiCheck, type Check } from './checks';
import { driveContextSwitch, driveKubernetesExtension } from './k8sExtUi';
import { UserSession, type PhaseOptions } from './userSession';
import { driveWalkthrough } from './walkthroughUi';

export const FAKE_K8S_EXTENSION = path.resolve(__dirname, 'fakeK8sExtension');

export interface K8sExtPhaseOptions extends PhaseOptions {
  checks: Check[];
}

export async function runK8sExtPhase(o: K8sExtPhaseOptions): Promise<void> {
  const session = new UserSession();
  try {
    const opened = await uiCheck(o.checks, 'UI k8s: a user session with the Kubernetes extension (test double) beside ours loads tags-prod-canary', async () => {
      await session.open(o, 'k8sext', ['tags-prod-canary'], 300, {
        extraExtensions: [FAKE_K8S_EXTENSION],
        settings: { 'istioCanary.connect': 'current', 'istioCanary.contexts': [] },
      });
    }, async () => session.workbench && screenshot(session.workbench.page, 'failed-k8sext-session'));
    const [sim] = session.sims;
    const page = session.workbench?.page;
    if (!opened || !sim || !page) {
      skippedCheck(o.checks, 'UI k8s: the Kubernetes extension integration and the walkthrough', 'the user session did not load');
      return;
    }
    await driveKubernetesExtension(page, { context: sim.contextName, kubeconfigPath: sim.kubeconfigPath }, o.checks, o.log);
    await driveWalkthrough(page, o.checks, o.log);
    await driveContextSwitch(page, sim.contextName, o.checks, o.log);
  } finally {
    await session.close();
  }
}
