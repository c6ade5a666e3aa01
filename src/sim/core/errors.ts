/** `Status` bodies exactly as kube-apiserver 1.20 writes them (k8s.io/apimachinery/pkg/api/errors). */
import { qualifiedKind, qualifiedResource, type ResourceType } from './resourceRegistry';
import type { FieldError } from '../validation/fieldErrors';
import { fieldErrorBody, fieldErrorString } from '../validation/fieldErrors';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message ?? status.reason ?? 'error');
    this.name = 'StatusError';
  }

  get code(): number {
    return this.status.code ?? 500;
  }
}

/** Builds a Status keeping Go's field order and omitting empty fields (omitempty). */
export function makeStatus(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' };
  if (message) status.message = message;
  if (reason) status.reason = reason;
  if (details) status.details = cleanDetails(details);
  status.code = code;
  return status;
}

function cleanDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

function fail(code: number, reason: string, message: string, details?: StatusDetails): StatusError {
  return new StatusError(makeStatus(code, reason, message, details));
}

export function notFound(type: ResourceType, name: string): StatusError {
  return fail(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, { name, group: type.group, kind: type.resource });
}

export function alreadyExists(type: ResourceType, name: string): StatusError {
  return fail(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, { name, group: type.group, kind: type.resource });
}

export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(type: ResourceType, name: string, why = OPTIMISTIC_LOCK_MESSAGE): StatusError {
  return fail(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`, {
    name, group: type.group, kind: type.resource,
  });
}

export function invalid(type: ResourceType, name: string, errors: FieldError[]): StatusError {
  return invalidKind(qualifiedKind(type), type.group, type.kind, name, errors);
}

/** `NewInvalid(groupKind, name, errs)`; the message aggregates errors like utilerrors.NewAggregate. */
export function invalidKind(qualified: string, group: string, kind: string, name: string, errors: FieldError[]): StatusError {
  const messages: string[] = [];
  for (const e of errors) {
    const m = fieldErrorString(e);
    if (!messages.includes(m)) messages.push(m);
  }
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const message = messages.length ? `${qualified} "${name}" is invalid: ${aggregate}` : `${qualified} "${name}" is invalid`;
  return fail(422, 'Invalid', message, {
    name, group, kind,
    causes: errors.map((e) => ({ reason: e.type.cause, message: fieldErrorBody(e), field: e.field })),
  });
}

export function badRequest(message: string): StatusError {
  return fail(400, 'BadRequest', message);
}

export function forbidden(type: ResourceType | undefined, name: string, why: string): StatusError {
  if (!type) return fail(403, 'Forbidden', `forbidden: ${why}`, {});
  const qr = qualifiedResource(type);
  const message = name ? `${qr} "${name}" is forbidden: ${why}` : `${qr} is forbidden: ${why}`;
  return fail(403, 'Forbidden', message, { name, group: type.group, kind: type.resource });
}

export function unauthorized(): StatusError {
  return fail(401, 'Unauthorized', 'Unauthorized');
}

export function internalError(cause: string): StatusError {
  return fail(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
}

/** An error that is not a Status inside the server (e.g. a bad merge-patch document). */
export function unknownServerError(message: string): StatusError {
  return fail(500, '', message);
}

export function expired(message: string): StatusError {
  return fail(410, 'Expired', message);
}

/** `NewGenericServerResponse(code, "", GroupResource{}, "", serverMessage, 0, false)`. */
export function genericServerResponse(code: number, serverMessage: string): StatusError {
  const table: Record<number, [string, string]> = {
    404: ['NotFound', 'the server could not find the requested resource'],
    405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
  };
  const [reason, message] = table[code] ?? ['', `the server responded with the status code ${code} but did not return more information`];
  const causes = serverMessage ? [{ reason: 'UnexpectedServerResponse', message: serverMessage }] : undefined;
  return fail(code, reason, message, { causes });
}

export function unsupportedMediaType(accepted: string[]): StatusError {
  return fail(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  return fail(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

export function successStatus(details: StatusDetails): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: cleanDetails(details) };
}
