/** The proxy image a revision injects, from its injector ConfigMap `istio-sidecar-injector[-<rev>]` (istio-model.md M6.5). */
import { DEFAULT_REVISION_NAME, LABEL_REV } from './labels';
import { isRecord, labelsOf, nameOf, namespaceOf, rec, str } from './untrusted';

const CM_PREFIX = 'istio-sidecar-injector';

function candidateNames(revision: string): string[] {
  return revision === DEFAULT_REVISION_NAME ? [CM_PREFIX, `${CM_PREFIX}-${revision}`] : [`${CM_PREFIX}-${revision}`];
}

/** The injector ConfigMap of a revision: by name in its istio namespace, then by name anywhere, then by label. */
export function findInjectorConfigMap(revision: string, istioNamespace: string, configMaps: unknown[]): unknown {
  const names = candidateNames(revision);
  return configMaps.find((cm) => names.includes(nameOf(cm)) && namespaceOf(cm) === istioNamespace)
    ?? configMaps.find((cm) => names.includes(nameOf(cm)))
    ?? configMaps.find((cm) => nameOf(cm).startsWith(CM_PREFIX) && labelsOf(cm)[LABEL_REV] === revision);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const s = str(value);
  return s && s.trim() !== '' ? s : undefined;
}

/**
 * `global.hub/global.proxy.image:global.tag[-global.variant]`, or `global.proxy.image` verbatim when it
 * contains a "/". Undefined (with a warning for unreadable JSON) when it cannot be built.
 */
export function expectedProxyImage(configMap: unknown, warnings: string[]): string | undefined {
  if (!isRecord(configMap)) return undefined;
  const raw = str(rec(configMap, 'data').values);
  if (raw === undefined) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(raw);
  } catch {
    warnings.push(`ConfigMap ${namespaceOf(configMap)}/${nameOf(configMap)}: data.values is not valid JSON; expected proxy image unknown.`);
    return undefined;
  }
  if (!isRecord(values)) {
    warnings.push(`ConfigMap ${namespaceOf(configMap)}/${nameOf(configMap)}: data.values is not a JSON object; expected proxy image unknown.`);
    return undefined;
  }
  const global = rec(values, 'global');
  const image = scalar(rec(global, 'proxy').image) ?? 'proxyv2';
  if (image.includes('/')) return image;
  const hub = scalar(global.hub);
  const tag = scalar(global.tag);
  if (!hub || !tag) return undefined;
  const variant = scalar(global.variant);
  return `${hub}/${image}:${tag}${variant ? `-${variant}` : ''}`;
}
