/**
 * Helm release Secrets → the few release fields the owner model reads (istio-model.md M15). `data.release` is
 * base64 (the Secret API) of base64 (Helm) of gzip of JSON; Helm also accepts plain JSON after its base64 layer.
 * Every step is bounded and never throws: garbage, an oversized payload or an unreadable manifest become a
 * `decodeError` / `problem` and the owner stays unknown. The Secret's data is never kept.
 */
import * as zlib from 'node:zlib';
import { load as loadYaml } from 'js-yaml';
import type { HelmReleaseRecord, ManifestObject } from '../mesh/kubeObjects';

/** A Secret holds at most 1 MiB; its base64 text is a third larger. Anything bigger is not Helm's. */
export const MAX_ENCODED_CHARS = 2 * 1024 * 1024;
/** Decompressed release JSON (chart templates included); Istio's charts are far below this. */
export const MAX_RELEASE_BYTES = 32 * 1024 * 1024;
export const MAX_MANIFEST_CHARS = 8 * 1024 * 1024;
export const MAX_MANIFEST_DOCUMENTS = 5000;

/** The statuses worth decoding: the release's live objects (`pending-*`: an operation running or died mid-way). */
export const LIVE_RELEASE_STATUSES = ['deployed', 'pending-install', 'pending-upgrade', 'pending-rollback'] as const;

export type DecodeResult = { ok: true; release: HelmReleaseRecord } | { ok: false; error: string };

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

type Raw = Record<string, unknown>;

function rec(v: unknown): Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function firstNonSpace(bytes: Buffer): number | undefined {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  return undefined;
}

/** Helm's payload (after the API's base64) → JSON text, as Helm's `decodeRelease` does. */
function releaseJsonText(helmText: Buffer): string {
  const bytes = Buffer.from(helmText.toString('latin1'), 'base64');
  if (startsWith(bytes, GZIP_MAGIC)) {
    return zlib.gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES }).toString('utf8');
  }
  if (firstNonSpace(bytes) === 0x7b) return bytes.toString('utf8');
  // Already one layer less (someone stored Helm's bytes unencoded): accept plain JSON or gzip as they are.
  if (startsWith(helmText, GZIP_MAGIC)) return zlib.gunzipSync(helmText, { maxOutputLength: MAX_RELEASE_BYTES }).toString('utf8');
  if (firstNonSpace(helmText) === 0x7b) return helmText.toString('utf8');
  throw new Error('not a Helm release payload (neither gzip nor JSON after decoding)');
}

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

/** One `---`-separated document's kind/name/namespace, or undefined (empty, comment-only, not an object). */
function manifestObject(doc: unknown): ManifestObject | undefined {
  const o = rec(doc);
  const kind = str(o.kind);
  const meta = rec(o.metadata);
  const name = str(meta.name);
  if (!kind || !name) return undefined;
  const namespace = str(meta.namespace);
  return namespace ? { kind, name, namespace } : { kind, name };
}

/** The objects a rendered manifest holds; a document that does not parse makes the result partial. */
export function manifestObjects(manifest: string): { objects: ManifestObject[]; problem?: string } {
  if (manifest.length > MAX_MANIFEST_CHARS) return { objects: [], problem: `manifest of ${manifest.length} characters is larger than ${MAX_MANIFEST_CHARS}` };
  const docs = manifest.split(/^---(?:[ \t].*)?$/m);
  if (docs.length > MAX_MANIFEST_DOCUMENTS) return { objects: [], problem: `manifest has more than ${MAX_MANIFEST_DOCUMENTS} documents` };
  const objects: ManifestObject[] = [];
  let unreadable = 0;
  for (const text of docs) {
    if (!/^[ \t]*[^#\s]/m.test(text)) continue;
    try {
      const obj = manifestObject(loadYaml(text));
      if (obj) objects.push(obj);
    } catch {
      unreadable++;
    }
  }
  return unreadable ? { objects, problem: `${unreadable} manifest ${unreadable === 1 ? 'document does' : 'documents do'} not parse as YAML` } : { objects };
}

function record(json: Raw): HelmReleaseRecord {
  const info = rec(json.info);
  const meta = rec(rec(json.chart).metadata);
  const config = rec(json.config);
  const version = typeof json.version === 'number' && Number.isFinite(json.version) ? json.version : 0;
  const out: HelmReleaseRecord = {
    name: str(json.name) ?? '',
    namespace: str(json.namespace) ?? '',
    version,
    status: str(info.status) ?? 'unknown',
    chart: {
      ...(str(meta.name) ? { name: str(meta.name) } : {}),
      ...(str(meta.version) ? { version: str(meta.version) } : {}),
      ...(str(meta.appVersion) ? { appVersion: str(meta.appVersion) } : {}),
    },
    values: {
      ...(str(config.revision) !== undefined ? { revision: str(config.revision) } : {}),
      ...(stringList(config.revisionTags) ? { revisionTags: stringList(config.revisionTags) } : {}),
      ...(str(config.defaultRevision) !== undefined ? { defaultRevision: str(config.defaultRevision) } : {}),
    },
  };
  const lastDeployed = str(info.last_deployed);
  if (lastDeployed) out.lastDeployed = lastDeployed;
  const manifest = str(json.manifest);
  if (manifest === undefined) {
    out.problem = 'the release has no manifest';
  } else {
    const m = manifestObjects(manifest);
    out.objects = m.objects;
    if (m.problem) out.problem = m.problem;
  }
  return out;
}

/** `data.release` of a Helm release Secret (the API's base64 text) → the release fields. */
export function decodeHelmRelease(encoded: unknown): DecodeResult {
  if (typeof encoded !== 'string' || encoded === '') return { ok: false, error: 'the Secret has no data.release' };
  if (encoded.length > MAX_ENCODED_CHARS) return { ok: false, error: `data.release of ${encoded.length} characters is larger than a Secret can be` };
  let text: string;
  try {
    text = releaseJsonText(Buffer.from(encoded, 'base64'));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: /maxOutputLength|larger than|buffer/i.test(message) ? `the release is larger than ${MAX_RELEASE_BYTES} bytes uncompressed` : `data.release does not decode: ${message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'data.release does not decode to JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, error: 'data.release is not a release object' };
  const release = record(json as Raw);
  if (!release.name) return { ok: false, error: 'the decoded release has no name' };
  return { ok: true, release };
}

/** The encoding Helm and the Secret API apply, for tests and simulator scenarios: base64(base64(gzip(JSON))). */
export function encodeHelmRelease(release: unknown): string {
  const helm = zlib.gzipSync(Buffer.from(JSON.stringify(release), 'utf8')).toString('base64');
  return Buffer.from(helm, 'utf8').toString('base64');
}
