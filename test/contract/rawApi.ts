/**
 * Plain HTTPS to an API server named by a kubeconfig context (server, CA data, bearer token), for the verbs
 * ClusterClient does not have: PUT (update), subresources (pods/status), ServiceAccounts, raw list pages.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as yaml from 'js-yaml';

export interface RawResponse {
  status: number;
  body: unknown;
}

export interface RawApi {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<RawResponse>;
}

interface KubeconfigDoc {
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users?: { name: string; user: { token?: string } }[];
  contexts?: { name: string; context: { cluster: string; user: string } }[];
}

export function rawApi(kubeconfigPath: string, context: string): RawApi {
  const doc = yaml.load(fs.readFileSync(kubeconfigPath, 'utf8')) as KubeconfigDoc;
  const ctx = doc.contexts?.find((c) => c.name === context)?.context;
  const cluster = doc.clusters?.find((c) => c.name === ctx?.cluster)?.cluster;
  const token = doc.users?.find((u) => u.name === ctx?.user)?.user.token;
  if (!ctx || !cluster || !token) throw new Error(`rawApi: context ${context} needs a cluster and a token user in ${kubeconfigPath}`);
  const ca = Buffer.from(cluster['certificate-authority-data'] ?? '', 'base64');
  const agent = new https.Agent({ ca, keepAlive: true });
  return {
    request(method, path, body, contentType = 'application/json') {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const req = https.request(cluster.server + path, {
          method,
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(data ? { 'Content-Type': contentType, 'Content-Length': data.length } : {}),
          },
          timeout: 15_000,
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* keep the text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
        req.on('error', reject);
        if (data) req.write(data);
        req.end();
      });
    },
  };
}

/** Throws unless the status is 2xx; returns the body. */
export async function rawOk(api: RawApi, method: string, path: string, body?: unknown, contentType?: string): Promise<unknown> {
  const r = await api.request(method, path, body, contentType);
  if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body;
}
