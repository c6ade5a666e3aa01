/** Server, CA and bearer token of one kubeconfig context, read directly (for the raw-HTTPS floor and bulk writes). */
import * as fs from 'node:fs';
import { load as loadYaml } from 'js-yaml';

export interface RawAccess {
  server: string;
  ca: Buffer;
  token: string;
}

interface Named<T> { name: string; [key: string]: unknown; cluster?: T; user?: T; context?: T }

export function readRawAccess(kubeconfigPath: string, contextName?: string): RawAccess {
  const doc = loadYaml(fs.readFileSync(kubeconfigPath, 'utf8')) as {
    'current-context'?: string;
    clusters: Named<{ server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string }>[];
    users: Named<{ token?: string }>[];
    contexts: Named<{ cluster: string; user: string }>[];
  };
  const name = contextName ?? doc['current-context'];
  const ctx = doc.contexts.find((c) => c.name === name)?.context;
  const cluster = doc.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = doc.users.find((u) => u.name === ctx?.user)?.user;
  if (!ctx || !cluster || !user?.token) throw new Error(`context ${name} of ${kubeconfigPath} has no server/token`);
  const ca = cluster['certificate-authority-data']
    ? Buffer.from(cluster['certificate-authority-data'], 'base64')
    : fs.readFileSync(cluster['certificate-authority'] ?? '');
  return { server: cluster.server, ca, token: user.token };
}
