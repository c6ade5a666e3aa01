import { defineMigrateCases } from '../shared/migrateCases';
import { startSimHarness } from './simHarness';

defineMigrateCases(startSimHarness, 'on the simulator');
