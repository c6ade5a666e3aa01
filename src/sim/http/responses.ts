/** Writing JSON, Status errors and (large) lists; list items are serialised once per object version. */
import type { ServerResponse } from 'node:http';
import { StatusError, makeStatus, type KubeStatus } from '../core/errors';
import type { ListPage } from '../core/listing';
import { itemBytes } from '../core/objectStore';
import type { ResourceType } from '../core/resourceRegistry';
import { listKind } from './discovery';

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  sendRaw(res, code, JSON.stringify(body));
}

export function sendRaw(res: ServerResponse, code: number, json: string): void {
  res.writeHead(code, { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: KubeStatus): void {
  sendJson(res, status.code ?? 500, status);
}

export function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof StatusError) sendStatus(res, err.status);
  else sendStatus(res, makeStatus(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`));
}

export function listMetadata(page: ListPage): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continueToken) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  return meta;
}

const CHUNK = 1000;
const COMMA = Buffer.from(',');

export function sendList(res: ServerResponse, type: ResourceType, page: ListPage): void {
  const { kind, apiVersion } = listKind(type);
  const head = `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(listMetadata(page))},"items":[`;
  res.writeHead(200, { ...JSON_HEADERS });
  res.write(head);
  const entries = page.entries;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const parts: Buffer[] = [];
    for (let j = i; j < Math.min(entries.length, i + CHUNK); j++) {
      if (j > 0) parts.push(COMMA);
      parts.push(itemBytes(entries[j]));
    }
    res.write(Buffer.concat(parts));
  }
  res.end(']}');
}
