import { defineTagCases } from '../shared/tagCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('tags', () => defineTagCases(startRealHarness, 'on the real API server'));
