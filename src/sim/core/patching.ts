/** Applies a PATCH body of a given Content-Type to an object, failing the way the server does. */
import * as yaml from 'js-yaml';
import { applyJsonPatch, decodeJsonPatch, JsonPatchDecodeError, JsonPatchError } from '../patch/jsonPatch';
import { applyMergePatch } from '../patch/mergePatch';
import { applyStrategicMergePatch } from '../patch/strategicMergePatch';
import { isPlainObject } from '../util/json';
import { stringMapProblem } from '../validation/metaValidation';
import { badRequest, genericServerResponse, unknownServerError, unsupportedMediaType } from './errors';
import type { KubeObject } from './types';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_MEDIA_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export function patchTypeFor(contentType: string | undefined): PatchType {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const t = PATCH_MEDIA_TYPES[media];
  if (!t) throw unsupportedMediaType(Object.keys(PATCH_MEDIA_TYPES));
  return t;
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** Parses an apply-patch (YAML or JSON) body. */
export function parseApplyBody(raw: string): KubeObject {
  let value: unknown;
  try {
    value = yaml.load(raw);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (!isPlainObject(value) || !isPlainObject(value.metadata)) throw badRequest('Object \'Kind\' is missing in apply patch');
  return value as KubeObject;
}

export function applyPatchDocument(current: KubeObject, type: PatchType, raw: string): KubeObject {
  let result: unknown;
  switch (type) {
    case 'json': {
      let ops;
      try {
        ops = decodeJsonPatch(raw);
      } catch (e) {
        if (e instanceof JsonPatchDecodeError) throw badRequest(e.message);
        throw e;
      }
      try {
        result = applyJsonPatch(current, ops);
      } catch (e) {
        // kube-apiserver 1.20 drops the JSON-patch library's reason: a bare 422 with empty details.
        if (e instanceof JsonPatchError) throw genericServerResponse(422, '');
        throw e;
      }
      break;
    }
    case 'merge': {
      const parsed = parseJson(raw);
      // evanphx/json-patch returns a plain error here; the server turns it into a 500 without a reason.
      if (!parsed.ok || parsed.value === null) throw unknownServerError('Invalid JSON Patch');
      result = applyMergePatch(current, parsed.value);
      break;
    }
    case 'strategic': {
      const parsed = parseJson(raw);
      if (!parsed.ok || !isPlainObject(parsed.value)) throw badRequest('invalid JSON document');
      result = applyStrategicMergePatch(current, parsed.value);
      break;
    }
    case 'apply':
      result = applyMergePatch(current, parseApplyBody(raw));
      break;
  }
  return checkDecodable(result);
}

/** The patched JSON must still decode into the typed object. */
export function checkDecodable(result: unknown): KubeObject {
  if (!isPlainObject(result)) throw badRequest(`json: cannot unmarshal ${Array.isArray(result) ? 'array' : typeof result} into Go value of type map[string]interface {}`);
  const metadata = isPlainObject(result.metadata) ? result.metadata : {};
  for (const field of ['labels', 'annotations']) {
    const problem = stringMapProblem(metadata[field], `metadata.${field}`);
    if (problem) throw badRequest(problem);
  }
  return { ...result, metadata } as KubeObject;
}
