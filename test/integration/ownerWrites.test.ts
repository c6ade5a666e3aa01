import { defineOwnerWriteCases } from '../shared/ownerWriteCases';
import { startSimHarness } from './simHarness';

defineOwnerWriteCases(startSimHarness, 'simulator');
