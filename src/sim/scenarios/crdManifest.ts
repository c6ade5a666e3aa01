/** Small but real CustomResourceDefinition manifests (apiextensions.k8s.io/v1) for the owner scenarios. */
import type { KubeObject } from '../core/types';

export interface CrdNames {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  scope: 'Cluster' | 'Namespaced';
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
}

const PRESERVED = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/**
 * A CRD whose spec and status keep every field (`x-kubernetes-preserve-unknown-fields`), with the given printer
 * columns and (unless `statusSubresource` is false) the status subresource. `specProperties` names typed
 * properties the server should check.
 */
export function crdManifest(n: CrdNames, columns: PrinterColumn[] = [], specProperties: Record<string, unknown> = {}, statusSubresource = true): KubeObject {
  const spec = Object.keys(specProperties).length ? { ...PRESERVED, properties: specProperties } : PRESERVED;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${n.plural}.${n.group}` },
    spec: {
      group: n.group,
      names: {
        kind: n.kind,
        listKind: `${n.kind}List`,
        plural: n.plural,
        singular: n.singular ?? n.kind.toLowerCase(),
        ...(n.shortNames?.length ? { shortNames: n.shortNames } : {}),
        ...(n.categories?.length ? { categories: n.categories } : {}),
      },
      scope: n.scope,
      versions: [{
        name: n.version,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec,
              status: PRESERVED,
            },
          },
        },
        ...(statusSubresource ? { subresources: { status: {} } } : {}),
        ...(columns.length ? { additionalPrinterColumns: columns } : {}),
      }],
    },
  };
}
