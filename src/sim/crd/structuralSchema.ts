/**
 * A custom resource against its CRD's structural schema, in the apiextensions server's order: unknown fields
 * are pruned (unless `x-kubernetes-preserve-unknown-fields`), `default`s filled in, then the value checked
 * (type, required, enum, bounds, lengths, pattern). The subset our CRDs and clients use; no CEL, no formats.
 */
import { deepClone, isPlainObject, type JsonObject } from '../util/json';
import { invalidRaw, invalidValue, notSupported, required, type FieldError } from '../validation/fieldErrors';

type Schema = JsonObject;

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';
const ROOT_KEEP = new Set(['apiVersion', 'kind', 'metadata']);

function properties(schema: Schema): Record<string, Schema> {
  const p = schema.properties;
  return isPlainObject(p) ? (p as Record<string, Schema>) : {};
}

function additional(schema: Schema): Schema | undefined {
  return isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

function items(schema: Schema): Schema | undefined {
  return isPlainObject(schema.items) ? schema.items : undefined;
}

function prune(value: unknown, schema: Schema | undefined, root: boolean): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const v of value) prune(v, items(schema), false);
    return;
  }
  if (!isPlainObject(value)) return;
  const props = properties(schema);
  const extra = additional(schema);
  for (const key of Object.keys(value)) {
    if (root && ROOT_KEEP.has(key)) continue;
    if (key in props) prune(value[key], props[key], false);
    else if (extra) prune(value[key], extra, false);
    else if (schema[PRESERVE] !== true) delete value[key];
  }
}

function applyDefaults(value: unknown, schema: Schema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const v of value) applyDefaults(v, items(schema));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, sub] of Object.entries(properties(schema))) {
    if ((value[key] === undefined || (value[key] === null && sub.nullable !== true)) && sub.default !== undefined) value[key] = deepClone(sub.default);
    applyDefaults(value[key], sub);
  }
  const extra = additional(schema);
  if (extra) for (const key of Object.keys(value)) if (!(key in properties(schema))) applyDefaults(value[key], extra);
}

/** Prunes and defaults `obj` in place (metadata, apiVersion and kind are left alone). */
export function pruneAndDefault(obj: JsonObject, schema: Schema): void {
  prune(obj, schema, true);
  applyDefaults(obj, schema);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(want: string, v: unknown, schema: Schema): boolean {
  if (schema[INT_OR_STRING] === true) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  const got = jsonType(v);
  if (got === 'null') return schema.nullable === true;
  return want === got || (want === 'number' && got === 'integer');
}

function goValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function checkScalar(path: string, v: unknown, schema: Schema, errs: FieldError[]): void {
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === v)) {
    errs.push(notSupported(path, goValue(v), schema.enum.map((e) => String(e))));
  }
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number' && v < schema.minimum) errs.push(invalidRaw(path, String(v), `${path} in body should be greater than or equal to ${schema.minimum}`));
    if (typeof schema.maximum === 'number' && v > schema.maximum) errs.push(invalidRaw(path, String(v), `${path} in body should be less than or equal to ${schema.maximum}`));
  }
  if (typeof v === 'string') {
    if (typeof schema.minLength === 'number' && v.length < schema.minLength) errs.push(invalidValue(path, v, `${path} in body should be at least ${schema.minLength} chars long`));
    if (typeof schema.maxLength === 'number' && v.length > schema.maxLength) errs.push(invalidValue(path, v, `${path} in body should be at most ${schema.maxLength} chars long`));
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) errs.push(invalidValue(path, v, `${path} in body should match '${schema.pattern}'`));
  }
}

function check(path: string, v: unknown, schema: Schema | undefined, errs: FieldError[]): void {
  if (!schema) return;
  if (typeof schema.type === 'string' && !typeMatches(schema.type, v, schema)) {
    const got = jsonType(v);
    errs.push(invalidValue(path, got, `${path} in body must be of type ${schema.type}: ${JSON.stringify(got)}`));
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((item, i) => check(`${path}[${i}]`, item, items(schema), errs));
    return;
  }
  if (!isPlainObject(v)) {
    if (v !== null) checkScalar(path, v, schema, errs);
    return;
  }
  const props = properties(schema);
  for (const key of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof key === 'string' && v[key] === undefined) errs.push(required(path ? `${path}.${key}` : key));
  }
  for (const key of Object.keys(v).sort()) {
    if (v[key] === undefined) continue;
    const sub = props[key] ?? additional(schema);
    check(path ? `${path}.${key}` : key, v[key], sub, errs);
  }
}

/** Field errors of a (pruned, defaulted) custom resource; metadata is validated like any object's. */
export function validateAgainstSchema(obj: JsonObject, schema: Schema): FieldError[] {
  const errs: FieldError[] = [];
  const body: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (!ROOT_KEEP.has(k) && v !== undefined) body[k] = v;
  const rootSchema: Schema = { ...schema, properties: Object.fromEntries(Object.entries(properties(schema)).filter(([k]) => !ROOT_KEEP.has(k))) };
  check('', body, rootSchema, errs);
  return errs.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}
