/**
 * Empties the rig between harnesses so that each one starts from its scenario alone: workloads, pods,
 * Services, ConfigMaps and Helm release Secrets of every non-system namespace, all admission webhooks and all
 * CRDs (with their objects) are deleted directly (no waiting for the garbage collector); namespaces the scenario
 * lacks are deleted, and the ones it has get its labels and annotations back. ServiceAccounts stay (their
 * tokens take the controller a moment to make).
 */
import type { ClusterClient } from '../../src/kube/clusterClient';
import { eventually } from '../contract/contractTarget';
import { CRD_PATH, removeCrds } from '../contract/crdInstall';
import { rawOk, type RawApi } from '../contract/rawApi';

const SYSTEM = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
const KEEP_CONFIGMAP = 'kube-root-ca.crt';

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
}
interface List {
  items: { metadata: Meta }[];
}

const enc = encodeURIComponent;

async function ok(api: RawApi, method: string, path: string, body?: unknown): Promise<void> {
  const r = await api.request(method, path, body);
  if (r.status !== 404 && (r.status < 200 || r.status >= 300)) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
}

async function emptyNamespace(api: RawApi, ns: string): Promise<void> {
  const base = `/api/v1/namespaces/${enc(ns)}`;
  const apps = `/apis/apps/v1/namespaces/${enc(ns)}`;
  // Owners first, so no controller recreates what is deleted after them.
  for (const kind of ['deployments', 'statefulsets', 'daemonsets', 'replicasets']) await ok(api, 'DELETE', `${apps}/${kind}`);
  await ok(api, 'DELETE', `${base}/pods`);
  await ok(api, 'DELETE', `${base}/configmaps?fieldSelector=${enc(`metadata.name!=${KEEP_CONFIGMAP}`)}`);
  await ok(api, 'DELETE', `${base}/secrets?labelSelector=${enc('owner=helm')}`);
  const services = (await rawOk(api, 'GET', `${base}/services`)) as List;
  await Promise.all(services.items.map((s) => ok(api, 'DELETE', `${base}/services/${enc(s.metadata.name)}`)));
}

export async function resetRig(api: RawApi, source: ClusterClient): Promise<void> {
  const wanted = new Map((await source.list('namespaces')).items.map((n) => [n.metadata.name, n.metadata]));
  const present = ((await rawOk(api, 'GET', '/api/v1/namespaces')) as List).items.filter((n) => !SYSTEM.has(n.metadata.name));
  const crds = ((await rawOk(api, 'GET', CRD_PATH)) as List).items.map((c) => c.metadata.name);
  await Promise.all([
    removeCrds(api, crds),
    ...present.map((n) => emptyNamespace(api, n.metadata.name)),
    ok(api, 'DELETE', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations'),
    ok(api, 'DELETE', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations'),
  ]);
  const gone: string[] = [];
  for (const n of present) {
    const want = wanted.get(n.metadata.name);
    if (!want || n.metadata.deletionTimestamp) {
      gone.push(n.metadata.name);
      if (!n.metadata.deletionTimestamp) await ok(api, 'DELETE', `/api/v1/namespaces/${enc(n.metadata.name)}`);
      continue;
    }
    const path = `/api/v1/namespaces/${enc(n.metadata.name)}`;
    const current = (await rawOk(api, 'GET', path)) as { metadata: Meta };
    current.metadata.labels = { ...want.labels };
    current.metadata.annotations = { ...want.annotations };
    await rawOk(api, 'PUT', path, current);
  }
  await eventually('an empty rig', async () => {
    const [namespaces, pods] = await Promise.all([rawOk(api, 'GET', '/api/v1/namespaces'), rawOk(api, 'GET', '/api/v1/pods')]) as [List, List];
    return {
      terminating: namespaces.items.map((n) => n.metadata.name).filter((name) => gone.includes(name)),
      pods: pods.items.filter((p) => !SYSTEM.has(p.metadata.namespace ?? '')).map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
    };
  }, (s) => s.terminating.length === 0 && s.pods.length === 0, 60_000, 100);
}

export async function ensureServiceAccount(api: RawApi, ns: string, name: string): Promise<void> {
  const path = `/api/v1/namespaces/${enc(ns)}/serviceaccounts`;
  const r = await api.request('POST', path, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`create ServiceAccount ${ns}/${name} → ${r.status}: ${JSON.stringify(r.body)}`);
  // 1.20's ServiceAccount admission rejects pods until the token controller has added the token secret.
  await eventually(`token of ServiceAccount ${ns}/${name}`, () => rawOk(api, 'GET', `${path}/${enc(name)}`) as Promise<{ secrets?: unknown[] }>,
    (sa) => (sa.secrets?.length ?? 0) > 0, 15_000, 100);
}
