/** The fault suite on the simulator; the outage is the fault proxy's kill switch for three seconds. */
import { defineFaultCases } from '../shared/faultCases';
import { startFaultProxy } from '../rig/faultProxy';
import { startSimHarness } from './simHarness';

defineFaultCases(startSimHarness, 'on the simulator', async (h) => {
  const proxy = await startFaultProxy({ kubeconfigPath: h.kubeconfigPath, context: h.contextName });
  return {
    kubeconfigPath: proxy.kubeconfigPath,
    context: proxy.context,
    begin: async () => {
      await proxy.down();
      await new Promise((r) => setTimeout(r, 3000));
      await proxy.up();
    },
    dispose: () => proxy.stop(),
  };
});
