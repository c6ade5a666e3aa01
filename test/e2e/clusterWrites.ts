/**
 * What the panel phase does to a simulator from the runner process, through the project's own kube client,
 * the way a colleague with kubectl would: relabel a namespace, rollout-restart its Deployments, annotate a
 * pod. Also a renamed copy of a kubeconfig (context names are free text, so they can be hostile).
 */
import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession } from '../../src/kube/clusterSession';
import type { ClusterClient } from '../../src/kube/clusterClient';

export async function withClient<T>(kubeconfigPath: string, context: string, fn: (client: ClusterClient) => Promise<T>): Promise<T> {
  const loaded = loadKubeconfigs([kubeconfigPath]);
  if (loaded.fileErrors.length) throw new Error(`kubeconfig ${kubeconfigPath}: ${loaded.fileErrors.map((e) => e.message).join('; ')}`);
  const session = openClusterSession(loaded, context);
  try {
    return await fn(session.client);
  } finally {
    session.dispose();
  }
}

/** `kubectl label ns <ns> istio.io/rev=<value> --overwrite` (merge patch). */
export async function setNamespaceRev(client: ClusterClient, namespace: string, value: string): Promise<void> {
  await client.patch('namespaces', namespace, undefined, 'merge', { metadata: { labels: { 'istio.io/rev': value } } });
}

/** `kubectl rollout restart deployment -n <ns>` (strategic merge of the restartedAt annotation); returns their names. */
export async function rolloutRestartDeployments(client: ClusterClient, namespace: string): Promise<string[]> {
  const deployments = (await client.list('deployments', { namespace })).items;
  const restartedAt = new Date().toISOString();
  for (const d of deployments) {
    await client.patch('deployments', d.metadata.name, namespace, 'strategic', {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } },
    });
  }
  return deployments.map((d) => d.metadata.name);
}

/** Sets one annotation on the first running pod of `namespace`; returns the pod's name. */
export async function annotateFirstPod(client: ClusterClient, namespace: string, key: string, value: string): Promise<string> {
  const pods = (await client.list('pods', { namespace })).items.filter((p) => !p.metadata.deletionTimestamp);
  const pod = pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
  if (!pod) throw new Error(`no pod in namespace ${namespace}`);
  await client.patch('pods', pod.metadata.name, namespace, 'merge', { metadata: { annotations: { [key]: value } } });
  return pod.metadata.name;
}

interface KubeconfigDoc {
  contexts?: { name: string; context: unknown }[];
  'current-context'?: string;
  [k: string]: unknown;
}

/** Writes a copy of `source` holding only context `from`, renamed to `to` (and made current). */
export function writeRenamedKubeconfig(source: string, from: string, to: string, file: string): void {
  const doc = yaml.load(fs.readFileSync(source, 'utf8')) as KubeconfigDoc;
  const ctx = doc.contexts?.find((c) => c.name === from);
  if (!ctx) throw new Error(`${source} has no context ${from}`);
  doc.contexts = [{ name: to, context: ctx.context }];
  doc['current-context'] = to;
  fs.writeFileSync(file, yaml.dump(doc, { lineWidth: -1 }));
}
