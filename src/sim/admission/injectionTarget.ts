/**
 * Which control plane a matched injector webhook calls: its clientConfig.service names the istiod
 * Service (revision = the Service's `istio.io/rev`), the version comes from the istiod Deployment's
 * discovery image or the injector ConfigMap's `values`. A missing Service is the webhook call failing.
 */
import { selectorMatches } from '../../mesh/labelSelector';
import type { KWebhookConfiguration, Webhook } from '../../mesh/kubeObjects';
import type { ObjectStore } from '../core/objectStore';
import type { KubeObject } from '../core/types';
import { asArray, asObject, isPlainObject } from '../util/json';
import { parseIstioVersion, splitImage, type IstioVersion } from './istioVersion';

export interface InjectionTarget {
  revision: string;
  version: IstioVersion;
  proxyImage: string;
}

export type Resolution = { ok: true; target: InjectionTarget } | { ok: false; error: string };

interface InjectorValues {
  hub?: string;
  tag?: string;
  proxyImage?: string;
  variant?: string;
}

function injectorValues(store: ObjectStore, ns: string, revision: string): InjectorValues {
  const cm = store.get('configmaps', ns, revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`);
  const raw = asObject(cm?.data).values;
  if (typeof raw !== 'string') return {};
  try {
    const global = asObject(asObject(JSON.parse(raw)).global);
    const proxy = asObject(global.proxy);
    return {
      hub: typeof global.hub === 'string' ? global.hub : undefined,
      tag: typeof global.tag === 'string' || typeof global.tag === 'number' ? String(global.tag) : undefined,
      proxyImage: typeof proxy.image === 'string' ? proxy.image : undefined,
      variant: typeof global.variant === 'string' && global.variant ? global.variant : undefined,
    };
  } catch {
    return {};
  }
}

function discoveryImage(deployment: KubeObject): string | undefined {
  const containers = asArray(asObject(asObject(asObject(deployment.spec).template).spec).containers);
  const c = containers.find((x) => asObject(x).name === 'discovery') ?? containers[0];
  const image = asObject(c).image;
  return typeof image === 'string' ? image : undefined;
}

function istiodDeployment(store: ObjectStore, ns: string | undefined, svc: KubeObject | undefined, revision: string): KubeObject | undefined {
  const candidates = ns ? store.list('deployments', ns) : store.list('deployments');
  const selector = asObject(svc?.spec).selector as Record<string, string> | undefined;
  if (selector && Object.keys(selector).length) {
    const bySelector = candidates.filter((d) => selectorMatches({ matchLabels: selector }, asObject(asObject(asObject(d.spec).template).metadata).labels as Record<string, string>));
    if (bySelector.length) return bySelector.find((d) => d.metadata.labels?.['istio.io/rev'] === revision) ?? bySelector[0];
  }
  return candidates.find((d) => d.metadata.labels?.app === 'istiod' && (d.metadata.labels?.['istio.io/rev'] ?? 'default') === revision);
}

function buildTarget(store: ObjectStore, ns: string, revision: string, deployment: KubeObject | undefined): InjectionTarget {
  const values = injectorValues(store, ns, revision);
  const pilot = deployment ? discoveryImage(deployment) : undefined;
  const pilotParts = pilot ? splitImage(pilot) : undefined;
  const tag = pilotParts?.tag ?? values.tag ?? 'unknown';
  const parsed = parseIstioVersion(tag) ?? { major: 0, minor: 0, patch: 0, text: tag };
  const variant = parsed.variant ?? values.variant;
  const hub = values.hub ?? pilotParts?.hub ?? 'docker.io/istio';
  const imageName = values.proxyImage ?? 'proxyv2';
  const fullTag = `${parsed.text}${variant ? `-${variant}` : ''}`;
  const proxyImage = imageName.includes('/') ? `${imageName}:${fullTag}` : `${hub}/${imageName}:${fullTag}`;
  return { revision, version: { ...parsed, variant }, proxyImage };
}

export function resolveInjectionTarget(store: ObjectStore, config: KWebhookConfiguration, webhook: Webhook): Resolution {
  const timeout = webhook.timeoutSeconds ?? 10;
  const cc = webhook.clientConfig;
  const fallbackRev = config.metadata.labels?.['istio.io/rev'] ?? 'default';
  if (isPlainObject(cc.service)) {
    const { name, namespace } = cc.service;
    const url = `https://${name}.${namespace}.svc:${cc.service.port ?? 443}${cc.service.path ?? ''}?timeout=${timeout}s`;
    const svc = store.get('services', namespace, name);
    if (!svc) return { ok: false, error: `failed calling webhook "${webhook.name}": Post "${url}": service "${name}" not found` };
    const revision = svc.metadata.labels?.['istio.io/rev'] ?? fallbackRev;
    return { ok: true, target: buildTarget(store, namespace, revision, istiodDeployment(store, namespace, svc, revision)) };
  }
  const url = cc.url ?? '';
  const deployment = istiodDeployment(store, undefined, undefined, fallbackRev);
  if (!deployment) {
    const host = (/^https?:\/\/([^/:]+)/.exec(url) ?? [])[1] ?? url;
    return { ok: false, error: `failed calling webhook "${webhook.name}": Post "${url}?timeout=${timeout}s": dial tcp: lookup ${host}: no such host` };
  }
  return { ok: true, target: buildTarget(store, deployment.metadata.namespace ?? 'istio-system', fallbackRev, deployment) };
}
