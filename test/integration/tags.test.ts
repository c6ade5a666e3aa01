import { defineTagCases } from '../shared/tagCases';
import { startSimHarness } from './simHarness';

defineTagCases(startSimHarness, 'on the simulator');
