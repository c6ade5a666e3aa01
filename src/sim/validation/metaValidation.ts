/** ValidateObjectMeta (+ labels, annotations) and ValidateObjectMetaUpdate, in the server's order. */
import type { KubeObject } from '../core/types';
import { isPlainObject } from '../util/json';
import { ErrorTypes, forbiddenField, invalidValue, required, type FieldError } from './fieldErrors';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameValidator } from './names';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  // Go iterates a map in random order; sorted keys keep our messages stable.
  for (const key of Object.keys(labels ?? {}).sort()) {
    for (const msg of isQualifiedName(key)) errs.push(invalidValue(field, key, msg));
    const value = (labels ?? {})[key];
    for (const msg of isValidLabelValue(value)) errs.push(invalidValue(field, value, msg));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const key of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(invalidValue(field, key, msg));
    size += key.length + (annotations ?? {})[key].length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({ type: ErrorTypes.tooLong, field, detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  return errs;
}

export function validateObjectMeta(obj: KubeObject, namespaced: boolean, nameFn: NameValidator): FieldError[] {
  const meta = obj.metadata;
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of nameFn(meta.generateName, true)) errs.push(invalidValue('metadata.generateName', meta.generateName, msg));
  }
  if (!meta.name) {
    errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameFn(meta.name, false)) errs.push(invalidValue('metadata.name', meta.name, msg));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(required('metadata.namespace'));
    else for (const msg of nameIsDNSLabel(meta.namespace, false)) errs.push(invalidValue('metadata.namespace', meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(forbiddenField('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  for (const [i, ref] of (meta.ownerReferences ?? []).entries()) {
    if (!ref.uid) errs.push(invalidValue(`metadata.ownerReferences[${i}].uid`, '', 'uid must not be empty'));
  }
  return errs;
}

export function validateObjectMetaUpdate(next: KubeObject, prev: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const a = next.metadata;
  const b = prev.metadata;
  if (a.uid !== b.uid) errs.push(invalidValue('metadata.uid', a.uid ?? '', 'field is immutable'));
  if (a.generateName !== undefined && b.generateName !== undefined && a.generateName !== b.generateName) {
    errs.push(invalidValue('metadata.generateName', a.generateName, 'field is immutable'));
  }
  return errs;
}

/** labels / annotations must decode into map[string]string; anything else is a decoding error. */
export function stringMapProblem(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) return `json: cannot unmarshal ${goJsonType(value)} into Go struct field ObjectMeta.${field} of type map[string]string`;
  for (const v of Object.values(value)) {
    if (typeof v !== 'string' && v !== null) {
      return `json: cannot unmarshal ${goJsonType(v)} into Go struct field ObjectMeta.${field} of type string`;
    }
  }
  return undefined;
}

function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}
