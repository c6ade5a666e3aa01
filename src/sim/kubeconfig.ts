/** The kubeconfig for a running simulator: `sim-<scenario>` (admin, current) and `…-restricted`. */
import * as yaml from 'js-yaml';

export interface KubeconfigInput {
  contextName: string;
  server: string;
  caPem: string;
  adminToken: string;
  restrictedToken: string;
}

export function renderKubeconfig(input: KubeconfigInput): string {
  const ca = Buffer.from(input.caPem).toString('base64');
  const restricted = `${input.contextName}-restricted`;
  const cluster = (name: string) => ({ name, cluster: { server: input.server, 'certificate-authority-data': ca } });
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [cluster(input.contextName), cluster(restricted)],
    users: [
      { name: input.contextName, user: { token: input.adminToken } },
      { name: restricted, user: { token: input.restrictedToken } },
    ],
    contexts: [
      { name: input.contextName, context: { cluster: input.contextName, user: input.contextName } },
      { name: restricted, context: { cluster: restricted, user: restricted } },
    ],
    'current-context': input.contextName,
  };
  return yaml.dump(doc, { lineWidth: -1 });
}
