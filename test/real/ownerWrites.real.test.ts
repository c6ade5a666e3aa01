import { defineOwnerWriteCases } from '../shared/ownerWriteCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('owner writes', () => defineOwnerWriteCases(startRealHarness, 'real'));
