/** The fault suite on the real kube-apiserver 1.20; the outage is a real kube-apiserver restart (realCluster.ts). */
import { defineFaultCases } from '../shared/faultCases';
import { startRealHarness, type RealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('faults', () => defineFaultCases(startRealHarness, 'on the real API server', async (h) => ({
  // Straight to the API server: a proxy would turn its refused connections into 502s.
  kubeconfigPath: h.kubeconfigPath,
  context: h.contextName,
  begin: () => (h as RealHarness).cluster.restartApiServer(),
  dispose: async () => undefined,
})));
