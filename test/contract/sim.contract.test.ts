/** The API contract against the simulator (started empty: only the base cluster, no Istio). */
import type { Scenario } from '../../src/sim/simulator';
import { startSimulator } from '../../src/sim/simulator';
import { defineContract } from './contract';

const CONTRACT_BASE: Scenario = {
  name: 'contract-base',
  seed: 'contract',
  description: 'Only the base cluster (system namespaces, nodes, CoreDNS): the contract suite brings its own objects',
  load: () => undefined,
};

defineContract({
  name: 'simulator',
  async start() {
    const sim = await startSimulator({ scenarioDefinition: CONTRACT_BASE, port: 0, podReadyDelayMs: 0 });
    return {
      kubeconfigPath: sim.kubeconfigPath,
      context: sim.contextName,
      limitedContext: `${sim.contextName}-restricted`,
      stop: () => sim.stop(),
      expireWatchHistory: async () => sim.store.compact(),
      // The simulator does not call webhooks: it injects for the istiod of the webhook's `istio.io/rev`.
      injectorClientConfig: (revision) => ({ url: `https://127.0.0.1:9/inject/${revision}` }),
    };
  },
});
