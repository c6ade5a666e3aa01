import { defineOwnerCases } from '../shared/ownerCases';
import { startSimHarness } from './simHarness';

defineOwnerCases(startSimHarness, 'on the simulator');
