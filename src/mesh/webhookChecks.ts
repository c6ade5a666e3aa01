/** Consistency checks between injector/tag webhooks and istiod Services (IST0139-like findings). */
import { nameOf, namespaceOf } from './untrusted';
import type { InjectorWebhook, TagWebhook } from './webhooks';

export function checkWebhookServices(webhooks: Array<InjectorWebhook | TagWebhook>, services: unknown[], warnings: string[]): void {
  const known = new Set(services.map((s) => `${namespaceOf(s)}/${nameOf(s)}`));
  for (const w of webhooks) {
    const missing = new Set<string>();
    for (const e of w.entries) {
      if (!e.serviceName || e.url) continue;
      const key = `${e.serviceNamespace ?? ''}/${e.serviceName}`;
      if (!known.has(key)) missing.add(key);
    }
    for (const key of [...missing].sort()) {
      warnings.push(`Webhook ${w.config} calls Service ${key}, which does not exist: pod creation may fail (IST0139).`);
    }
  }
}
