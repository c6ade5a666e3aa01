/**
 * A small revision-aware sidecar injector for the real API server: HTTPS on 127.0.0.1 with its own CA,
 * answering AdmissionReview (v1, and v1beta1 when the server sends that) for pod CREATE at /inject/<rev>
 * with a JSONPatch that adds `istio-proxy` (`<hub>/proxyv2:<version>`), the `sidecar.istio.io/status`
 * annotation naming the revision, and the `istio.io/rev` annotation (istio-model.md M6).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface InjectorClientConfig {
  url: string;
  caBundle: string;
}

export interface InjectorWebhook {
  /** Registers the proxy version of a revision; returns the clientConfig its webhooks should use. */
  clientConfig(revision: string, version: string): InjectorClientConfig;
  /** Pods patched so far, per revision. */
  injected(revision: string): number;
  stop(): Promise<void>;
}

interface PodLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: unknown[] };
}

interface ReviewRequest {
  uid?: string;
  kind?: { kind?: string };
  operation?: string;
  object?: PodLike;
}

type JsonPatchOp = { op: 'add'; path: string; value: unknown };

const STATUS = 'sidecar.istio.io/status';
const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function openssl(dir: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd: dir, timeout: 30_000 }, (err, _out, stderr) => (err ? reject(new Error(`openssl ${args[0]}: ${stderr}`)) : resolve()));
  });
}

async function makeCerts(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', 'ca.key', '-out', 'ca.crt',
    '-days', '2', '-subj', '/CN=contract-injector-ca', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  await openssl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(path.join(dir, 'tls.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n');
  await openssl(dir, ['x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tls.crt',
    '-days', '2', '-sha256', '-extfile', 'tls.ext']);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { ca: read('ca.crt'), cert: read('tls.crt'), key: read('tls.key') };
}

/** istiod's policy in short: the inject=false label or annotation opts out; an injected pod is left alone. */
function wantsInjection(pod: PodLike): boolean {
  const meta = pod.metadata ?? {};
  if (meta.annotations?.[STATUS]) return false;
  const value = meta.labels?.['sidecar.istio.io/inject'] ?? meta.annotations?.['sidecar.istio.io/inject'];
  return value === undefined || ['y', 'yes', 'true', 'on', ''].includes(value.toLowerCase());
}

export function injectionPatch(pod: PodLike, revision: string, image: string): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  const proxy = {
    name: 'istio-proxy',
    image,
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local'],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
  };
  // The gateway template (`image: auto`): the pod brings its own istio-proxy container; only its image is set.
  const own = (pod.spec?.containers ?? []).findIndex((c) => (c as { name?: string }).name === 'istio-proxy');
  if (own >= 0) ops.push({ op: 'add', path: `/spec/containers/${own}/image`, value: image });
  else ops.push(pod.spec?.containers ? { op: 'add', path: '/spec/containers/-', value: proxy } : { op: 'add', path: '/spec/containers', value: [proxy] });
  const status = JSON.stringify({ initContainers: null, containers: ['istio-proxy'], volumes: null, imagePullSecrets: null, revision });
  const annotations = { [STATUS]: status, 'istio.io/rev': revision };
  if (!pod.metadata?.annotations) {
    ops.push({ op: 'add', path: '/metadata/annotations', value: annotations });
  } else {
    for (const [k, v] of Object.entries(annotations)) ops.push({ op: 'add', path: `/metadata/annotations/${escapeKey(k)}`, value: v });
  }
  return ops;
}

export async function startInjectorWebhook(opts: { hub?: string } = {}): Promise<InjectorWebhook> {
  const hub = opts.hub ?? 'docker.io/istio';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-injector-'));
  const versions = new Map<string, string>();
  const counts = new Map<string, number>();
  let certs: { ca: string; cert: string; key: string };
  try {
    certs = await makeCerts(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const answer = (apiVersion: string, uid: string, extra: Record<string, unknown>) =>
    JSON.stringify({ apiVersion, kind: 'AdmissionReview', response: { uid, allowed: true, ...extra } });

  const server = https.createServer({ cert: certs.cert, key: certs.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/inject\/([^/?]+)/.exec(req.url ?? '');
      let review: { apiVersion?: string; request?: ReviewRequest };
      try {
        review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof review;
      } catch {
        res.writeHead(400).end('not an AdmissionReview');
        return;
      }
      const apiVersion = review.apiVersion ?? 'admission.k8s.io/v1';
      const request = review.request ?? {};
      const uid = request.uid ?? '';
      const send = (body: string) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      const revision = m ? decodeURIComponent(m[1]) : '';
      const version = versions.get(revision);
      if (!version) {
        send(JSON.stringify({ apiVersion, kind: 'AdmissionReview', response: { uid, allowed: false, status: { code: 500, message: `injector: unknown revision "${revision}"` } } }));
        return;
      }
      const pod = request.object ?? {};
      if (request.kind?.kind !== 'Pod' || request.operation !== 'CREATE' || !wantsInjection(pod)) {
        send(answer(apiVersion, uid, {}));
        return;
      }
      counts.set(revision, (counts.get(revision) ?? 0) + 1);
      const patch = injectionPatch(pod, revision, `${hub}/proxyv2:${version}`);
      send(answer(apiVersion, uid, { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const port = (server.address() as AddressInfo).port;
  const caBundle = Buffer.from(certs.ca).toString('base64');

  return {
    clientConfig(revision, version) {
      versions.set(revision, version);
      return { url: `https://127.0.0.1:${port}/inject/${encodeURIComponent(revision)}`, caBundle };
    },
    injected: (revision) => counts.get(revision) ?? 0,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
