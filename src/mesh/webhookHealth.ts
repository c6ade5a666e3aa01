/**
 * Webhook health (pure; issue 16, istio-model.md M3, M4): does every Istio webhook — revision injectors, tag
 * webhooks, the per-revision validators `istio-validator[-<rev>]-<ns>` and `istiod-default-validator` — call a
 * Service that exists and has a ready pod behind it? A webhook with `failurePolicy: Fail` calling nothing rejects
 * every request it selects: pod creations for an injector, every Istio config write for a validator
 * (istio/istio#60596: a validator left pointing at a removed revision blocks all Istio config writes).
 */
import type { KPod, KService, KWebhookConfiguration, KWorkload } from './kubeObjects';
import { LABEL_REV } from './labels';
import { arr, isRecord, labelsOf, nameOf, namespaceOf, num, rec, str, stringMap } from './untrusted';
import { classifyMutatingWebhooks, isDeactivated } from './webhooks';

export const DEFAULT_VALIDATOR = 'istiod-default-validator';

export type WebhookTargetState =
  /** At least one ready pod behind the Service. */
  | 'healthy'
  | 'missing-service'
  /** The Service exists; no ready pod matches its selector. */
  | 'no-ready-pods'
  /** A Service without a selector (endpoints kept by hand): not judged. */
  | 'no-selector'
  /** `clientConfig.url`: a control plane outside this cluster, not judged. */
  | 'external'
  /** The Service's namespace was not read. */
  | 'not-read';

export interface WebhookHealth {
  config: string;
  kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration';
  /** `injector of revision 1-24-3`, `tag prod`, `default validator`, `validator of revision 1-24-3`. */
  role: string;
  /** Its `istio.io/rev` label. */
  revision?: string;
  service?: { namespace: string; name: string };
  state: WebhookTargetState;
  readyPods: number;
  /** Some entry rejects requests when the call fails (failurePolicy Fail, the v1 default). */
  failClosed: boolean;
}

export interface WebhookHealthInputs {
  mutatingWebhooks: KWebhookConfiguration[];
  validatingWebhooks: KWebhookConfiguration[];
  services: KService[];
  pods: KPod[];
  /** Deployments: their ready replicas count when pods could not be read (see `podsRead`). */
  deployments?: KWorkload[];
  /**
   * true: the pods of the called namespaces were all freshly read, so a Service none of them matches has no ready pod
   * — even while its Deployment's status still counts the replicas that just went away (the guard around a change).
   * false: the pod LIST failed (e.g. forbidden): the Deployments decide. Unset (an inventory that may not hold every
   * pod): the matching pods when there are any, else the Deployments.
   */
  podsRead?: boolean;
  /**
   * Namespaces whose Services and pods were read. Default: those of the Services given and of the injectors'
   * Services — what the watch cache reads (src/kube/istioNamespaces.ts).
   */
  readNamespaces?: ReadonlySet<string>;
}

function defaultRead(inv: WebhookHealthInputs): Set<string> {
  const out = new Set(inv.services.map((s) => namespaceOf(s)));
  for (const m of inv.mutatingWebhooks) {
    for (const hook of arr(isRecord(m) ? m.webhooks : undefined)) {
      const ns = str(rec(rec(hook, 'clientConfig'), 'service').namespace);
      if (ns) out.add(ns);
    }
  }
  return out;
}

function isIstioValidator(v: unknown): boolean {
  const name = nameOf(v);
  return name === DEFAULT_VALIDATOR || name.startsWith('istio-validator') || labelsOf(v)[LABEL_REV] !== undefined;
}

function targetOf(config: unknown): { service?: { namespace: string; name: string }; url?: string; failClosed: boolean } {
  let service: { namespace: string; name: string } | undefined;
  let url: string | undefined;
  let failClosed = false;
  for (const hook of arr(isRecord(config) ? config.webhooks : undefined)) {
    const cc = rec(hook, 'clientConfig');
    const svc = rec(cc, 'service');
    if (str(cc.url)) url ??= str(cc.url);
    else if (str(svc.name)) service ??= { namespace: str(svc.namespace) ?? '', name: str(svc.name) ?? '' };
    if ((isRecord(hook) ? str(hook.failurePolicy) : undefined) !== 'Ignore') failClosed = true;
  }
  return { service, url, failClosed };
}

function isReady(p: unknown): boolean {
  if (isRecord(rec(p, 'metadata')) && str(rec(p, 'metadata').deletionTimestamp)) return false;
  return arr(rec(p, 'status').conditions).some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

function judge(target: ReturnType<typeof targetOf>, inv: WebhookHealthInputs, read: ReadonlySet<string>): Pick<WebhookHealth, 'state' | 'readyPods'> {
  if (!target.service) return { state: target.url ? 'external' : 'missing-service', readyPods: 0 };
  const { namespace, name } = target.service;
  if (!read.has(namespace)) return { state: 'not-read', readyPods: 0 };
  const svc = inv.services.find((s) => namespaceOf(s) === namespace && nameOf(s) === name);
  if (!svc) return { state: 'missing-service', readyPods: 0 };
  const selector = stringMap(rec(svc, 'spec').selector);
  if (Object.keys(selector).length === 0) return { state: 'no-selector', readyPods: 0 };
  const selects = (labels: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);
  const pods = inv.pods.filter((p) => namespaceOf(p) === namespace && selects(labelsOf(p)));
  // Pods not read (not listed, e.g. forbidden), or none to go by: the Deployments behind the selector say how many are ready.
  const ready = (inv.podsRead ?? pods.length > 0)
    ? pods.filter(isReady).length
    : (inv.deployments ?? []).filter((d) => namespaceOf(d) === namespace && selects(stringMap(rec(rec(rec(d, 'spec'), 'template'), 'metadata').labels)))
      .reduce((n, d) => n + (num(rec(d, 'status').readyReplicas) ?? 0), 0);
  return { state: ready > 0 ? 'healthy' : 'no-ready-pods', readyPods: ready };
}

/** Every Istio webhook configuration and what it calls. Deactivated injectors (`istioctl tag set default`) are left out. */
export function webhookHealth(inv: WebhookHealthInputs): WebhookHealth[] {
  const read = inv.readNamespaces ?? defaultRead(inv);
  const { injectors, tags } = classifyMutatingWebhooks(inv.mutatingWebhooks, []);
  const byName = new Map<string, unknown>(inv.mutatingWebhooks.map((m) => [nameOf(m), m]));
  const out: WebhookHealth[] = [];
  const add = (config: unknown, kind: WebhookHealth['kind'], role: string): void => {
    const target = targetOf(config);
    const revision = labelsOf(config)[LABEL_REV];
    out.push({
      config: nameOf(config), kind, role, ...(revision !== undefined ? { revision } : {}),
      ...(target.service ? { service: target.service } : {}), failClosed: target.failClosed, ...judge(target, inv, read),
    });
  };
  for (const w of injectors) if (!isDeactivated(w.entries)) add(byName.get(w.config), 'MutatingWebhookConfiguration', `injector of revision ${w.revision}`);
  for (const w of tags) add(byName.get(w.config), 'MutatingWebhookConfiguration', `tag ${w.tag}`);
  for (const v of inv.validatingWebhooks.filter(isIstioValidator)) {
    const rev = labelsOf(v)[LABEL_REV];
    add(v, 'ValidatingWebhookConfiguration', nameOf(v) === DEFAULT_VALIDATOR ? 'default validator' : `validator of revision ${rev ?? '?'}`);
  }
  return out.sort((a, b) => a.config.localeCompare(b.config));
}

export function isBroken(h: WebhookHealth): boolean {
  return h.state === 'missing-service' || h.state === 'no-ready-pods';
}

/** What a broken webhook does, one sentence. */
export function brokenText(h: WebhookHealth): string {
  const target = h.service ? `${h.service.namespace}/${h.service.name}` : 'no Service';
  const why = h.state === 'missing-service' ? `Service ${target}, which does not exist` : `Service ${target}, which has no ready pod`;
  const effect = h.kind === 'MutatingWebhookConfiguration'
    ? (h.failClosed ? 'every pod creation it selects is rejected' : 'pods it selects start without a sidecar')
    : (h.failClosed ? 'every Istio config write it selects is rejected (istio/istio#60596)' : 'Istio config it selects is not validated');
  return `${h.kind} ${h.config} (${h.role}) calls ${why}: ${effect}.`;
}

/** The webhooks broken after a change that were healthy (or absent) before it. */
export function newlyBroken(before: readonly WebhookHealth[], after: readonly WebhookHealth[]): WebhookHealth[] {
  const wasBroken = new Set(before.filter(isBroken).map((h) => `${h.kind}/${h.config}`));
  return after.filter((h) => isBroken(h) && !wasBroken.has(`${h.kind}/${h.config}`));
}
