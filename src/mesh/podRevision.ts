/**
 * What a pod carries: whether it has an istio-proxy, which revision injected it, and the proxy version
 * (istio-model.md M6, M14.3): annotation `istio.io/rev` (1.18+) → `sidecar.istio.io/status`.revision (1.11+) → pod label
 * `istio.io/rev` (≤1.10 injectors) → the unique revision whose version equals the proxy's → none.
 */
import type { Revision, RevisionSource, Tag } from './model';
import { boundedMemo } from './boundedMemo';
import { imageVersion } from './imageVersion';
import { ANNOTATION_PROXY_IMAGE, ANNOTATION_REV, ANNOTATION_SIDECAR_STATUS, LABEL_REV, PROXY_CONTAINER } from './labels';
import { annotationsOf, arr, isRecord, labelsOf, nameOf, namespaceOf, rec, str } from './untrusted';
import { sameVersion } from './versionSkew';

export interface PodProxyInfo {
  injected: boolean;
  revision?: string;
  revisionSource: RevisionSource;
  proxyImage?: string;
  proxyVersion?: string;
  pinnedImage: boolean;
}

/** The istio-proxy container, from containers or (native sidecar) initContainers. */
export function proxyContainerOf(pod: unknown): Record<string, unknown> | undefined {
  const spec = rec(pod, 'spec');
  const all = [...arr(spec.containers), ...arr(spec.initContainers)].filter(isRecord);
  return all.find((c) => c.name === PROXY_CONTAINER);
}

type StatusRead = { revision?: string; problem?: 'not valid JSON' | 'not a JSON object' };

/**
 * Every pod of a ReplicaSet carries the same status annotation: it is parsed once, and its revision string is
 * shared (a parse per pod was 100,000 JSON.parse calls and as many copies of the name at 100,000 pods).
 */
const readStatus = boundedMemo((raw): StatusRead => {
  try {
    const status: unknown = JSON.parse(raw);
    if (!isRecord(status)) return { problem: 'not a JSON object' };
    const rev = str(status.revision);
    return rev && rev.trim() !== '' ? { revision: rev } : {};
  } catch {
    return { problem: 'not valid JSON' };
  }
});

function statusRevision(pod: unknown, raw: string, warnings: string[]): string | undefined {
  const read = readStatus(raw);
  if (read.problem) warnings.push(`Pod ${namespaceOf(pod)}/${nameOf(pod)}: annotation ${ANNOTATION_SIDECAR_STATUS} is ${read.problem}; ignored.`);
  return read.revision;
}

function revisionByVersion(version: string | undefined, revisions: Revision[]): string | undefined {
  if (!version) return undefined;
  const matches = revisions.filter((r) => sameVersion(r.version, version));
  return matches.length === 1 ? matches[0].name : undefined;
}

export function readPodProxy(
  pod: unknown,
  revisions: Revision[],
  tags: ReadonlyMap<string, Tag>,
  warnings: string[],
): PodProxyInfo {
  const annotations = annotationsOf(pod);
  const labels = labelsOf(pod);
  const container = proxyContainerOf(pod);
  const statusRaw = annotations[ANNOTATION_SIDECAR_STATUS];
  const injected = !!container || statusRaw !== undefined;
  const pinnedImage = !!annotations[ANNOTATION_PROXY_IMAGE];
  if (!injected) return { injected: false, revisionSource: 'none', pinnedImage };

  const proxyImage = container ? str(container.image) : undefined;
  const proxyVersion = imageVersion(proxyImage);
  const info: PodProxyInfo = { injected: true, revisionSource: 'none', pinnedImage };
  if (proxyImage) info.proxyImage = proxyImage;
  if (proxyVersion) info.proxyVersion = proxyVersion;
  const found = (revision: string, revisionSource: RevisionSource): PodProxyInfo => ({ ...info, revision, revisionSource });

  const fromAnnotation = annotations[ANNOTATION_REV];
  if (fromAnnotation) return found(fromAnnotation, 'annotation');
  const fromStatus = statusRaw !== undefined ? statusRevision(pod, statusRaw, warnings) : undefined;
  if (fromStatus) return found(fromStatus, 'status');
  // A pinned image's tag is not trusted as the Istio version, so it cannot name a revision.
  const fromImage = pinnedImage ? undefined : revisionByVersion(proxyVersion, revisions);
  const fromLabel = labels[LABEL_REV];
  if (fromLabel) {
    // A tag on the pod label is the user's selection, not what injected the pod: prefer the image then.
    const tag = revisions.some((r) => r.name === fromLabel) ? undefined : tags.get(fromLabel);
    if (!tag) return found(fromLabel, 'label');
    if (fromImage) return found(fromImage, 'image');
    return found(tag.revision, 'label');
  }
  if (fromImage) return found(fromImage, 'image');
  return info;
}
