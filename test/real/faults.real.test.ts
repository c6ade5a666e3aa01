import { defineFaultCases } from '../shared/faultCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('faults', () => defineFaultCases(startRealHarness, 'on the real API server'));
