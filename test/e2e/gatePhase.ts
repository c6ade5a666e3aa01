/**
 * Sixth phase of the e2e run: the traffic gate in a user session on the traffic-gate scenario (its Prometheus answers
 * through the simulator's service proxy; pods Ready 300 ms after creation), with a 2 s soak and 5 requests as the
 * minimum so a wave takes seconds: test/e2e/gateUi.ts. Screenshots gate-*.png.
 */
import { screenshot } from '../../scripts/vscode/browser';
import { skippedCheck, uiCheck, type Check } from './checks';
import { driveGateWave } from './gateUi';
import { UserSession, type PhaseOptions } from './userSession';

export async function runGatePhase(o: PhaseOptions & { checks: Check[] }): Promise<void> {
  const session = new UserSession();
  try {
    const opened = await uiCheck(o.checks, 'UI gate: a user session loads traffic-gate (with its Prometheus)', async () => {
      await session.open(o, 'gate', ['traffic-gate'], 300, { settings: { 'istioCanary.gate.soakSeconds': 2, 'istioCanary.gate.minRequests': 5 } });
    }, async () => session.workbench && screenshot(session.workbench.page, 'failed-gate-session'));
    const [sim] = session.sims;
    if (!opened || !session.workbench || !sim) return skippedCheck(o.checks, 'UI gate: the wave stopped by the traffic gate', 'the user session did not load');
    await driveGateWave(session.workbench.page, { context: sim.contextName, kubeconfigPath: sim.kubeconfigPath }, o.checks, o.log);
  } finally {
    await session.close();
  }
}
