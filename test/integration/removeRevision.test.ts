import { defineRemoveRevisionCases } from '../shared/removeRevisionCases';
import { startSimHarness } from './simHarness';

defineRemoveRevisionCases(startSimHarness, 'on the simulator');
