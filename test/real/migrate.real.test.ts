import { defineMigrateCases } from '../shared/migrateCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('migrate', () => defineMigrateCases(startRealHarness, 'on the real API server'));
