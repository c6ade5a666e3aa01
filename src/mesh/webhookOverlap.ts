/**
 * IST0139 (istioctl analyze, webhook analyzer): two injector webhooks that can both match one pod inject it
 * twice. Namespace labels and pod labels are independent, so two entries overlap when some namespace label
 * set matches both namespaceSelectors and some pod label set matches both objectSelectors. Candidate label
 * sets are built from the values the two selectors mention, plus "absent" and "some other value".
 */
import type { KWebhookConfiguration, LabelSelector, StringMap } from './kubeObjects';
import { selectorMatches } from './labelSelector';

export interface WebhookOverlap {
  /** `<config>/<entry>` of the webhook being checked. */
  webhook: string;
  /** `<config>/<entry>` of the other webhook. */
  other: string;
  namespaceLabels: StringMap;
  podLabels: StringMap;
}

const OTHER_VALUE = '\u0000other';

function keysAndValues(selectors: (LabelSelector | undefined)[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (key: string, value?: string): void => {
    const set = out.get(key) ?? new Set<string>();
    if (value !== undefined) set.add(value);
    out.set(key, set);
  };
  for (const s of selectors) {
    for (const [k, v] of Object.entries(s?.matchLabels ?? {})) add(k, v);
    for (const e of s?.matchExpressions ?? []) {
      add(e.key);
      for (const v of e.values ?? []) add(e.key, v);
    }
  }
  return out;
}

/** A label set matching both selectors, or undefined. Keys ≤ a handful per selector, so brute force is cheap. */
export function commonLabels(a: LabelSelector | undefined, b: LabelSelector | undefined): StringMap | undefined {
  const domain = [...keysAndValues([a, b]).entries()].map(([key, values]) => ({ key, options: [undefined, ...values, OTHER_VALUE] }));
  const labels: StringMap = {};
  const search = (i: number): boolean => {
    if (i === domain.length) return selectorMatches(a, labels) && selectorMatches(b, labels);
    const { key, options } = domain[i];
    for (const v of options) {
      if (v === undefined) delete labels[key];
      else labels[key] = v;
      if (search(i + 1)) return true;
    }
    delete labels[key];
    return false;
  };
  if (!search(0)) return undefined;
  const shown: StringMap = {};
  for (const [k, v] of Object.entries(labels)) shown[k] = v === OTHER_VALUE ? '<any other value>' : v;
  return shown;
}

/** Every pair (entry of `candidate`, entry of one of `others`) that could match the same pod. */
export function findWebhookOverlaps(candidate: KWebhookConfiguration, others: KWebhookConfiguration[]): WebhookOverlap[] {
  const out: WebhookOverlap[] = [];
  for (const mine of candidate.webhooks ?? []) {
    for (const cfg of others) {
      for (const theirs of cfg.webhooks ?? []) {
        const namespaceLabels = commonLabels(mine.namespaceSelector, theirs.namespaceSelector);
        if (!namespaceLabels) continue;
        const podLabels = commonLabels(mine.objectSelector, theirs.objectSelector);
        if (!podLabels) continue;
        out.push({ webhook: `${candidate.metadata.name}/${mine.name}`, other: `${cfg.metadata.name}/${theirs.name}`, namespaceLabels, podLabels });
      }
    }
  }
  return out;
}

/** istioctl's wording (`tag set` runs the analyzer and refuses on IST0139). */
export function overlapMessage(config: string, overlaps: WebhookOverlap[]): string {
  const others = [...new Set(overlaps.map((o) => o.other))];
  const example = overlaps[0];
  const show = (m: StringMap): string => (Object.keys(m).length ? Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ') : 'no labels');
  return `creating tag would conflict:\nError [IST0139] (MutatingWebhookConfiguration ${config}) Webhook overlaps with others: [${others.join(' ')}]. This may cause injection to occur twice.`
    + (example ? `\n(e.g. ${example.webhook} and ${example.other} both match a pod with ${show(example.podLabels)} in a namespace with ${show(example.namespaceLabels)})` : '');
}
