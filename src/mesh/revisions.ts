/**
 * Control-plane revisions from injector webhooks, istiod Deployments and istiod Services (istio-model.md M2/M3).
 * Tags, default, usage counts are filled in later by the snapshot builder.
 */
import type { Revision, VersionSource } from './model';
import { imageVersion, parseIstioVersion } from './imageVersion';
import { expectedProxyImage, findInjectorConfigMap } from './injectorValues';
import { DEFAULT_REVISION_NAME, LABEL_APP, LABEL_APP_VERSION, LABEL_OPERATOR_VERSION, LABEL_REV, LABEL_TAG } from './labels';
import { arr, isRecord, labelsOf, nameOf, namespaceOf, num, rec, str } from './untrusted';
import { compareVersions } from './versionSkew';
import type { InjectorWebhook } from './webhooks';

interface Draft {
  name: string;
  deployments: unknown[];
  services: unknown[];
  injectors: InjectorWebhook[];
}

function istiodRevision(obj: unknown): string {
  return labelsOf(obj)[LABEL_REV] || DEFAULT_REVISION_NAME;
}

function isIstiod(obj: unknown): boolean {
  const labels = labelsOf(obj);
  return labels[LABEL_APP] === 'istiod' && labels[LABEL_TAG] === undefined;
}

/** The `discovery` container (or any container running a pilot image) of an istiod Deployment. */
export function pilotImageOf(deployment: unknown): string | undefined {
  const containers = arr(rec(rec(rec(deployment, 'spec'), 'template'), 'spec').containers).filter(isRecord);
  const discovery = containers.find((c) => c.name === 'discovery')
    ?? containers.find((c) => /\/pilot[:@]|^pilot[:@]/.test(str(c.image) ?? ''));
  return discovery ? str(discovery.image) : undefined;
}

function versionOf(draft: Draft, pilotImage: string | undefined): { version?: string; versionSource: VersionSource } {
  const fromImage = imageVersion(pilotImage);
  if (fromImage) return { version: fromImage, versionSource: 'image' };
  const sources = [...draft.deployments, ...draft.services];
  const labelSets = [...sources.map(labelsOf), ...draft.injectors.map((i) => i.labels)];
  for (const key of [LABEL_APP_VERSION, LABEL_OPERATOR_VERSION] as const) {
    for (const labels of labelSets) {
      const v = parseIstioVersion(labels[key]);
      if (v) return { version: v, versionSource: key };
    }
  }
  return { versionSource: 'unknown' };
}

function byNamespaceThenName(a: unknown, b: unknown): number {
  return `${namespaceOf(a)}/${nameOf(a)}`.localeCompare(`${namespaceOf(b)}/${nameOf(b)}`);
}

export interface RevisionSources {
  /** All Deployments; istiod ones are picked by label `app=istiod`. */
  deployments: unknown[];
  services: unknown[];
  configMaps: unknown[];
  injectors: InjectorWebhook[];
}

export function collectRevisions(sources: RevisionSources, warnings: string[]): Revision[] {
  const { deployments, services, configMaps, injectors } = sources;
  const drafts = new Map<string, Draft>();
  const draft = (name: string): Draft => {
    let d = drafts.get(name);
    if (!d) {
      d = { name, deployments: [], services: [], injectors: [] };
      drafts.set(name, d);
    }
    return d;
  };
  for (const dep of deployments.filter(isIstiod).sort(byNamespaceThenName)) draft(istiodRevision(dep)).deployments.push(dep);
  for (const svc of services.filter(isIstiod).sort(byNamespaceThenName)) draft(istiodRevision(svc)).services.push(svc);
  for (const inj of injectors) draft(inj.revision).injectors.push(inj);

  const revisions: Revision[] = [];
  for (const d of drafts.values()) {
    if (d.deployments.length > 1) {
      warnings.push(`Revision ${d.name} has ${d.deployments.length} istiod Deployments (${d.deployments.map((x) => `${namespaceOf(x)}/${nameOf(x)}`).join(', ')}); using the first.`);
    }
    const dep = d.deployments[0];
    const pilotImage = dep ? pilotImageOf(dep) : undefined;
    const entryNamespace = d.injectors.flatMap((i) => i.entries).map((e) => e.serviceNamespace).find((n) => !!n);
    const istioNamespace = (dep ? namespaceOf(dep) : '') || (d.services.length > 0 ? namespaceOf(d.services[0]) : '')
      || entryNamespace || 'istio-system';
    const cm = findInjectorConfigMap(d.name, istioNamespace, configMaps);
    const expected = cm ? expectedProxyImage(cm, warnings) : undefined;
    let { version, versionSource } = versionOf(d, pilotImage);
    if (!version) {
      const fromProxy = imageVersion(expected);
      if (fromProxy) {
        version = fromProxy;
        versionSource = 'image';
      }
    }
    const depSpec = rec(dep, 'spec');
    const hasUrl = d.injectors.some((i) => i.entries.some((e) => !!e.url));
    revisions.push({
      name: d.name,
      version,
      versionSource,
      istioNamespace,
      deployment: dep ? nameOf(dep) : undefined,
      pilotImage,
      expectedProxyImage: expected,
      readyReplicas: dep ? num(rec(dep, 'status').readyReplicas) ?? 0 : 0,
      // Kubernetes defaults spec.replicas to 1.
      desiredReplicas: dep ? num(depSpec.replicas) ?? 1 : 0,
      external: hasUrl && !dep,
      injectorWebhooks: [...new Set(d.injectors.map((i) => i.config))].sort(),
      services: [...new Set(d.services.map(nameOf))].sort(),
      isDefault: false,
      tags: [],
      namespaceCount: 0,
      proxyCount: 0,
      inUse: [],
    });
  }
  return revisions.sort((a, b) => compareVersions(a.version, b.version) || a.name.localeCompare(b.name));
}
