/** Bearer-token authentication and the simulator's two-user authorisation (admin, restricted). */
import { forbidden, unauthorized } from '../core/errors';
import type { ResourceType } from '../core/resourceRegistry';

export interface SimUser {
  name: string;
  groups: string[];
}

export const ANONYMOUS: SimUser = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Paths the `system:public-info-viewer` role opens to everyone. */
const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/readyz', '/livez']);

export class Authenticator {
  constructor(private readonly tokens: Map<string, SimUser>) {}

  /** No header → anonymous; an unknown token or another scheme → 401. */
  authenticate(header: string | undefined): SimUser {
    if (!header) return ANONYMOUS;
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    const user = m ? this.tokens.get(m[1].trim()) : undefined;
    if (!user) throw unauthorized();
    return user;
  }
}

export function authorizePath(user: SimUser, path: string): void {
  if (user !== ANONYMOUS || PUBLIC_PATHS.has(path)) return;
  throw forbidden(undefined, '', `User "${user.name}" cannot get path "${path}"`);
}

export interface ResourceAttributes {
  verb: string;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

function denied(user: SimUser, a: ResourceAttributes): boolean {
  if (user === ANONYMOUS) return true;
  if (user.name === 'restricted') {
    return a.type.resource === 'pods' && !a.subresource && (a.verb === 'list' || a.verb === 'watch');
  }
  return false;
}

export function authorizeResource(user: SimUser, a: ResourceAttributes): void {
  if (!denied(user, a)) return;
  const resource = a.subresource ? `${a.type.resource}/${a.subresource}` : a.type.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  throw forbidden(a.type, a.name ?? '', `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.type.group}" ${scope}`);
}
