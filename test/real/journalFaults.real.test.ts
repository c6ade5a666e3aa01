import { defineJournalFaultCases } from '../shared/journalFaultCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('journal faults', () => defineJournalFaultCases(startRealHarness, 'on the real API server'));
