import { defineGatewayCases } from '../shared/gatewayCases';
import { startSimHarness } from './simHarness';

defineGatewayCases(startSimHarness, 'on the simulator');
