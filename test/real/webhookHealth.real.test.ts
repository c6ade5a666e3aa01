import { defineWebhookHealthCases } from '../shared/webhookHealthCases';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

describeReal('webhook health', () => defineWebhookHealthCases(startRealHarness, 'on the real API server'));
