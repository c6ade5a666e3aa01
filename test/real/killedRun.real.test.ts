import { defineKilledRunCases } from '../shared/killedRunCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('killed runs', () => defineKilledRunCases(startRealHarness, 'on the real API server'));
