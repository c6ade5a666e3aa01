import { defineOwnerCases } from '../shared/ownerCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('owners', () => defineOwnerCases(startRealHarness, 'on the real API server'));
