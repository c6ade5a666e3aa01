/**
 * Argo CD's Application (argoproj.io/v1alpha1) and Flux's Kustomization (kustomize.toolkit.fluxcd.io/v1) CRDs,
 * cut down to names, scope and printer columns; specs kept open. Applications have no status subresource upstream.
 */
import type { KubeObject } from '../core/types';
import { crdManifest } from './crdManifest';

export function applicationCrd(): KubeObject {
  return crdManifest({ group: 'argoproj.io', version: 'v1alpha1', kind: 'Application', plural: 'applications', shortNames: ['app', 'apps'], scope: 'Namespaced' }, [
    { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
    { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
    { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision' },
  ], {}, false);
}

export function kustomizationCrd(): KubeObject {
  return crdManifest({ group: 'kustomize.toolkit.fluxcd.io', version: 'v1', kind: 'Kustomization', plural: 'kustomizations', shortNames: ['ks'], scope: 'Namespaced' }, [
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' },
  ]);
}
