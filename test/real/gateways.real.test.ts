import { defineGatewayCases } from '../shared/gatewayCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('gateways', () => defineGatewayCases(startRealHarness, 'on the real API server'));
