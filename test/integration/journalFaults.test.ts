import { defineJournalFaultCases } from '../shared/journalFaultCases';
import { startSimHarness } from './simHarness';

defineJournalFaultCases(startSimHarness, 'on the simulator');
