import { definePlanCases } from '../shared/planCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('upgrade plans', () => definePlanCases(startRealHarness, 'on the real API server'));
