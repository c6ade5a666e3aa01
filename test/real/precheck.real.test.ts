import { definePrecheckCases } from '../shared/precheckCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('precheck', () => definePrecheckCases(startRealHarness, 'on the real API server'));
