/**
 * Helm's release storage (driver `secret`, istio-model.md M15): one Secret per release revision,
 * `sh.helm.release.v1.<release>.v<N>`, type `helm.sh/release.v1`, labels owner/name/status/version, and
 * `data.release` = base64(gzip(release JSON)) — which the Secret API base64-encodes once more.
 */
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import type { KubeObject } from '../core/types';
import type { JsonObject } from '../util/json';

export type ReleaseStatus = 'deployed' | 'superseded' | 'failed' | 'uninstalling' | 'pending-install' | 'pending-upgrade' | 'pending-rollback';

export interface ChartMetadata {
  name: string;
  version: string;
  appVersion: string;
}

/** The fields of Helm's release JSON (pkg/release/v1) that readers use. */
export interface ReleaseRecord {
  name: string;
  namespace: string;
  version: number;
  info: { first_deployed: string; last_deployed: string; deleted: string; description: string; status: ReleaseStatus };
  chart: { metadata: ChartMetadata & { apiVersion: string; description: string }; values: JsonObject };
  /** Only the user-supplied values (what `--set` / `-f` gave). */
  config: JsonObject;
  /** The rendered YAML stream. */
  manifest: string;
  hooks: unknown[];
}

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

export function releaseSecretName(release: string, version: number): string {
  return `sh.helm.release.v1.${release}.v${version}`;
}

/** `encodeRelease`: JSON → gzip (best compression) → base64 text. */
export function encodeRelease(record: ReleaseRecord): string {
  return gzipSync(Buffer.from(JSON.stringify(record)), { level: constants.Z_BEST_COMPRESSION }).toString('base64');
}

/** `decodeRelease`: base64 text → gunzip when it starts with the gzip magic → JSON. */
export function decodeRelease(text: string): ReleaseRecord {
  const bytes = Buffer.from(text, 'base64');
  const json = bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08 ? gunzipSync(bytes) : bytes;
  return JSON.parse(json.toString('utf8')) as ReleaseRecord;
}

function unixSeconds(timestamp: string): string {
  return String(Math.floor(Date.parse(timestamp) / 1000));
}

/** The Secret as Helm writes it; `modifiedAt` is set when a later revision supersedes it. */
export function releaseSecret(record: ReleaseRecord, createdAt: string, modifiedAt?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: releaseSecretName(record.name, record.version),
      namespace: record.namespace,
      labels: {
        createdAt: unixSeconds(createdAt),
        ...(modifiedAt ? { modifiedAt: unixSeconds(modifiedAt) } : {}),
        name: record.name,
        owner: 'helm',
        status: record.info.status,
        version: String(record.version),
      },
    },
    type: RELEASE_SECRET_TYPE,
    data: { release: Buffer.from(encodeRelease(record)).toString('base64') },
  };
}

/** The release a Secret stores (what `kubectl get secret … | base64 -d | base64 -d | gunzip` shows). */
export function readReleaseSecret(secret: KubeObject): ReleaseRecord {
  const outer = (secret.data as Record<string, string> | undefined)?.release ?? '';
  return decodeRelease(Buffer.from(outer, 'base64').toString('utf8'));
}
