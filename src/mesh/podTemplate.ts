/** The labels/annotations a (re)created pod gets: from the owner's pod template, or the pod itself. */
import type { StringMap } from './kubeObjects';
import { ANNOTATION_SIDECAR_INJECT, LABEL_SIDECAR_INJECT } from './labels';
import { annotationsOf, labelsOf, rec, stringMap } from './untrusted';

export interface PodTemplateMeta {
  labels: StringMap;
  annotations: StringMap;
  hostNetwork: boolean;
}

export function podTemplateMetaOf(pod: unknown): PodTemplateMeta {
  return { labels: labelsOf(pod), annotations: annotationsOf(pod), hostNetwork: rec(pod, 'spec').hostNetwork === true };
}

/** `spec.template` of a Deployment/StatefulSet/DaemonSet. */
export function workloadTemplateMeta(workload: unknown): PodTemplateMeta {
  const template = rec(rec(workload, 'spec'), 'template');
  const meta = rec(template, 'metadata');
  return { labels: stringMap(meta.labels), annotations: stringMap(meta.annotations), hostNetwork: rec(template, 'spec').hostNetwork === true };
}

/** istio-model.md M5.5: the label wins over the annotation; "false" opts the pod out. */
export function optedOut(meta: PodTemplateMeta): boolean {
  const label = meta.labels[LABEL_SIDECAR_INJECT];
  if (label !== undefined) return label === 'false';
  return meta.annotations[ANNOTATION_SIDECAR_INJECT] === 'false';
}
