import { defineRemoveRevisionCases } from '../shared/removeRevisionCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('removeRevision', () => defineRemoveRevisionCases(startRealHarness, 'on the real API server'));
