import { definePlanCases } from '../shared/planCases';
import { startSimHarness } from './simHarness';

definePlanCases(startSimHarness, 'on the simulator');
