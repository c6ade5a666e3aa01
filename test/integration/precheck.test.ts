import { definePrecheckCases } from '../shared/precheckCases';
import { startSimHarness } from './simHarness';

definePrecheckCases(startSimHarness, 'on the simulator');
