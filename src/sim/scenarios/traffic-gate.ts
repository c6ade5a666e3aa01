/**
 * The traffic gate's demo: tags-prod-canary (1-7-6 behind prod, 1-8-0 behind canary; a, b on prod, c on canary)
 * plus Istio's Prometheus addon, whose synthetic traffic has revision 1-8-0 answer 5 % 503s on a/cart — so a wave
 * of a and b to canary is stopped by the gate at a. `--regression` replaces it (`none`: a clean upgrade).
 */
import { prometheusAddon } from './prometheusAddon';
import type { Scenario } from './scenarioContext';
import { tagsProdCanary } from './tags-prod-canary';

export const trafficGate: Scenario = {
  name: 'traffic-gate',
  seed: '008',
  description: 'tags-prod-canary plus a Prometheus (istio-system/prometheus); proxies of 1-8-0 answer 5 % 503s on a/cart',
  load(ctx) {
    tagsProdCanary.load(ctx);
    ctx.apply(prometheusAddon());
  },
  traffic: { regressions: [{ revision: '1-8-0', namespace: 'a', workload: 'cart', errorPercent: 5 }] },
};
