import { defineKilledRunCases } from '../shared/killedRunCases';
import { startSimHarness } from './simHarness';

defineKilledRunCases(startSimHarness, 'on the simulator');
