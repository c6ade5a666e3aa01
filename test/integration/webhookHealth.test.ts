import { defineWebhookHealthCases } from '../shared/webhookHealthCases';
import { startSimHarness } from './simHarness';

defineWebhookHealthCases(startSimHarness, 'on the simulator');
