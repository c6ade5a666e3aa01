import { defineFaultCases } from '../shared/faultCases';
import { startSimHarness } from './simHarness';

defineFaultCases(startSimHarness, 'on the simulator');
