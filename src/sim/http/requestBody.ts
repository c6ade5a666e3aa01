/** Reads a request body (3 MiB limit, like the server) and decodes JSON or YAML objects. */
import type { IncomingMessage } from 'node:http';
import * as yaml from 'js-yaml';
import { badRequest, makeStatus, StatusError, unsupportedMediaType } from '../core/errors';

const MAX_BODY = 3 * 1024 * 1024;

const read = new WeakMap<IncomingMessage, Promise<string>>();

/** The body, read once (a request hook may read it before the handler does). */
export function readBody(req: IncomingMessage): Promise<string> {
  let body = read.get(req);
  if (!body) {
    body = readOnce(req);
    read.set(req, body);
  }
  return body;
}

function readOnce(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new StatusError(makeStatus(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728')));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** A create/update body: JSON (default) or YAML. */
export function decodeObjectBody(req: IncomingMessage, raw: string): unknown {
  const media = mediaType(req);
  if (media === 'application/yaml' || media === 'application/x-yaml') {
    try {
      return yaml.load(raw);
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
    }
  }
  if (media !== 'application/json' && media !== '*/*') {
    throw unsupportedMediaType(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}
