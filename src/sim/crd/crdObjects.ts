/**
 * CustomResourceDefinition objects: defaulting and validation as the apiextensions server does them (the parts
 * our CRDs and clients touch), and the resource type a CRD serves once established.
 */
import type { ResourceType } from '../core/resourceRegistry';
import type { KubeObject } from '../core/types';
import { asArray, asObject, isPlainObject, type JsonObject } from '../util/json';
import { invalidValue, notSupported, required, type FieldError } from '../validation/fieldErrors';
import { isDNS1123Label } from '../validation/names';
import type { PrinterColumnSpec } from './customResourceInfo';

const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

interface CrdNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
}

function names(crd: KubeObject): CrdNames {
  const n = asObject(asObject(crd.spec).names);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const list = (v: unknown) => asArray(v).filter((x): x is string => typeof x === 'string');
  return {
    plural: str(n.plural),
    singular: str(n.singular),
    kind: str(n.kind),
    listKind: str(n.listKind),
    shortNames: list(n.shortNames),
    categories: list(n.categories),
  };
}

function versions(crd: KubeObject): JsonObject[] {
  return asArray(asObject(crd.spec).versions).filter(isPlainObject);
}

/** The version clients use: the storage version when it is served, else the first served one. */
function servedVersion(crd: KubeObject): JsonObject | undefined {
  const served = versions(crd).filter((v) => v.served === true);
  return served.find((v) => v.storage === true) ?? served[0];
}

export function defaultCrd(crd: KubeObject): void {
  const spec = asObject(crd.spec);
  crd.spec = spec;
  const n = asObject(spec.names);
  spec.names = n;
  if (typeof n.kind === 'string' && n.kind) {
    if (!n.singular) n.singular = n.kind.toLowerCase();
    if (!n.listKind) n.listKind = `${n.kind}List`;
  }
  if (!isPlainObject(spec.conversion)) spec.conversion = { strategy: 'None' };
}

/** The status a new CRD starts with; the establishing controller fills in conditions and accepted names. */
export function initialCrdStatus(crd: KubeObject): JsonObject {
  const storage = versions(crd).find((v) => v.storage === true);
  return { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: storage ? [storage.name] : [] };
}

export function validateCrd(crd: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = asObject(crd.spec);
  const group = typeof spec.group === 'string' ? spec.group : '';
  const n = names(crd);
  if (crd.metadata.name !== `${n.plural}.${group}`) {
    errs.push(invalidValue('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (!group) errs.push(required('spec.group'));
  else if (!group.includes('.')) errs.push(invalidValue('spec.group', group, 'should be a domain with at least one dot'));
  if (!n.plural) errs.push(required('spec.names.plural'));
  else for (const msg of isDNS1123Label(n.plural)) errs.push(invalidValue('spec.names.plural', n.plural, msg));
  if (!n.kind) errs.push(required('spec.names.kind'));
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errs.push(notSupported('spec.scope', JSON.stringify(String(spec.scope ?? '')), ['Cluster', 'Namespaced']));
  }
  const vs = versions(crd);
  if (!vs.length) errs.push(required('spec.versions', 'must have exactly one version marked as storage version'));
  else if (vs.filter((v) => v.storage === true).length !== 1) {
    errs.push(invalidValue('spec.versions', '', 'must have exactly one version marked as storage version'));
  }
  vs.forEach((v, i) => {
    if (!isPlainObject(asObject(v.schema).openAPIV3Schema)) errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  return errs;
}

function printerColumns(version: JsonObject): PrinterColumnSpec[] {
  return asArray(version.additionalPrinterColumns).filter(isPlainObject).map((c) => ({
    name: String(c.name ?? ''),
    type: String(c.type ?? 'string'),
    jsonPath: String(c.jsonPath ?? ''),
    description: typeof c.description === 'string' ? c.description : undefined,
    priority: typeof c.priority === 'number' ? c.priority : 0,
    format: typeof c.format === 'string' ? c.format : '',
  }));
}

/** The type an established CRD serves; undefined when it serves no version. */
export function crdResourceType(crd: KubeObject): ResourceType | undefined {
  const version = servedVersion(crd);
  if (!version) return undefined;
  const spec = asObject(crd.spec);
  const n = names(crd);
  const hasStatus = isPlainObject(asObject(version.subresources).status);
  return {
    group: String(spec.group),
    version: String(version.name),
    resource: n.plural,
    kind: n.kind,
    namespaced: spec.scope === 'Namespaced',
    shortNames: n.shortNames,
    categories: n.categories,
    verbs: CR_VERBS,
    subresources: hasStatus ? ['status'] : [],
    generationFields: [],
    returnsDeletedObject: false,
    custom: {
      crdName: crd.metadata.name,
      singular: n.singular,
      listKind: n.listKind,
      schema: asObject(asObject(version.schema).openAPIV3Schema),
      columns: printerColumns(version),
    },
  };
}

/** The conditions and accepted names of an established CRD (or one whose names clash). */
export function establishedStatus(crd: KubeObject, namesAccepted: boolean, now: string): JsonObject {
  const previous = asObject(crd.status);
  const n = names(crd);
  const conditions = namesAccepted
    ? [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ]
    : [
      { type: 'NamesAccepted', status: 'False', lastTransitionTime: now, reason: 'PluralConflict', message: `"${n.plural}" is already in use` },
      { type: 'Established', status: 'False', lastTransitionTime: now, reason: 'NotAccepted', message: 'not all names are accepted' },
    ];
  const acceptedNames: JsonObject = namesAccepted
    ? { plural: n.plural, singular: n.singular, ...(n.shortNames.length ? { shortNames: n.shortNames } : {}), kind: n.kind, listKind: n.listKind, ...(n.categories.length ? { categories: n.categories } : {}) }
    : { plural: '', kind: '' };
  return { ...previous, conditions, acceptedNames };
}

export function isEstablished(crd: KubeObject): boolean {
  return asArray(asObject(crd.status).conditions).some((c) => asObject(c).type === 'Established' && asObject(c).status === 'True');
}

/** The Terminating condition a CRD gets while its objects are being removed. */
export function terminatingCondition(now: string): JsonObject {
  return { type: 'Terminating', status: 'True', lastTransitionTime: now, reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' };
}
