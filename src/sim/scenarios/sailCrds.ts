/**
 * The Sail Operator's CRDs (sailoperator.io/v1, cluster-scoped, category istio-io), cut down to what the
 * simulator and the extension read: names, scope, printer columns and the status subresource as upstream
 * ships them (istio-ecosystem/sail-operator chart/crds), specs kept open with x-kubernetes-preserve-unknown-fields.
 */
import { SAIL_GROUP, SAIL_VERSION } from '../controllers/sailResources';
import type { KubeObject } from '../core/types';
import { crdManifest, type PrinterColumn } from './crdManifest';

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const IN_USE: PrinterColumn = { name: 'In use', type: 'string', jsonPath: '.status.conditions[?(@.type=="InUse")].status' };

const VERSION_SCHEMA = { type: 'string' };
const NAMESPACE_SCHEMA = { type: 'string', default: 'istio-system' };

export function istioCrd(): KubeObject {
  return crdManifest({ group: SAIL_GROUP, version: SAIL_VERSION, kind: 'Istio', plural: 'istios', categories: ['istio-io'], scope: 'Cluster' }, [
    { name: 'Namespace', type: 'string', jsonPath: '.spec.namespace' },
    { name: 'Profile', type: 'string', jsonPath: '.spec.values.profile' },
    { name: 'Revisions', type: 'string', jsonPath: '.status.revisions.total' },
    { name: 'Ready', type: 'string', jsonPath: '.status.revisions.ready' },
    { name: 'In use', type: 'string', jsonPath: '.status.revisions.inUse' },
    { name: 'Active Revision', type: 'string', jsonPath: '.status.activeRevisionName' },
    { name: 'Status', type: 'string', jsonPath: '.status.state' },
    { name: 'Version', type: 'string', jsonPath: '.spec.version' },
    AGE,
  ], {
    version: VERSION_SCHEMA,
    namespace: NAMESPACE_SCHEMA,
    updateStrategy: {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: {
        type: { type: 'string', enum: ['InPlace', 'RevisionBased'], default: 'InPlace' },
        inactiveRevisionDeletionGracePeriodSeconds: { type: 'integer', minimum: 0 },
      },
    },
  });
}

export function istioRevisionCrd(): KubeObject {
  return crdManifest({ group: SAIL_GROUP, version: SAIL_VERSION, kind: 'IstioRevision', plural: 'istiorevisions', shortNames: ['istiorev'], categories: ['istio-io'], scope: 'Cluster' }, [
    { name: 'Namespace', type: 'string', jsonPath: '.spec.namespace' },
    { name: 'Profile', type: 'string', jsonPath: '.spec.values.profile' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Status', type: 'string', jsonPath: '.status.state' },
    IN_USE,
    { name: 'Version', type: 'string', jsonPath: '.spec.version' },
    AGE,
  ], { version: VERSION_SCHEMA, namespace: NAMESPACE_SCHEMA });
}

export function istioRevisionTagCrd(): KubeObject {
  return crdManifest({ group: SAIL_GROUP, version: SAIL_VERSION, kind: 'IstioRevisionTag', plural: 'istiorevisiontags', shortNames: ['istiorevtag'], categories: ['istio-io'], scope: 'Cluster' }, [
    { name: 'Status', type: 'string', jsonPath: '.status.state' },
    IN_USE,
    { name: 'Revision', type: 'string', jsonPath: '.status.istioRevision' },
    AGE,
  ], {
    targetRef: {
      type: 'object',
      required: ['kind', 'name'],
      properties: { kind: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 } },
    },
  });
}

export function sailCrds(): KubeObject[] {
  return [istioCrd(), istioRevisionCrd(), istioRevisionTagCrd()];
}
