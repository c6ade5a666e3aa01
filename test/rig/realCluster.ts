/**
 * A real Kubernetes control plane for tests: etcd + kube-apiserver 1.20 (+ optionally
 * kube-controller-manager), all on 127.0.0.1 with random free ports, throw-away certs and
 * static tokens. No kubelet and no scheduler: pods stay Pending.
 *
 * Binaries come from `scripts/rig/build-kube.sh` ($RIG_CACHE/bin, default
 * ~/.cache/istio-canary-rig/bin) and Debian's `etcd-server` (etcd on PATH).
 * Only Node built-ins are used. See docs/test-rigs.md, section 3.
 *
 * Env:
 *   RIG_CACHE      cache directory of build-kube.sh
 *   RIG_ETCD       path of the etcd binary (default: etcd found on PATH)
 *   RIG_KEEP=1     keep the temp dir (certs, logs, etcd data) after stop() for debugging
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RealCluster {
  /** https://127.0.0.1:<port> */
  server: string;
  /** Bearer token of user `admin` (group system:masters). */
  token: string;
  /** Bearer token of user `limited` (no groups beyond system:authenticated): expect 403s. */
  limitedToken: string;
  /** Kubeconfig with contexts `real-admin` (current) and `real-limited`. */
  kubeconfigPath: string;
  /** PEM of the CA that signed the serving certificate. */
  caFile: string;
  /** Temp dir holding certs, logs and the etcd data dir. */
  dir: string;
  /** Process ids, e.g. for memory measurements. */
  pids: { etcd: number; apiserver: number; controllerManager?: number };
  /** Log files of the processes. */
  logs: { etcd: string; apiserver: string; controllerManager?: string };
  /** http://127.0.0.1:<port> of etcd's client API. */
  etcdUrl: string;
  /**
   * Compacts etcd's history up to its current revision (what the apiserver does every 5 minutes):
   * continue tokens and etcd watches from before now get 410 Expired. Returns the revision.
   */
  compactEtcd(): Promise<number>;
  /**
   * Restarts kube-apiserver on the same port (etcd and the controller manager keep running). Its watch
   * caches start again at the current revision, so a watch resuming from an older resourceVersion gets
   * 410 "too old resource version", as after an apiserver rollout in a real cluster.
   */
  restartApiServer(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Start kube-controller-manager and wait for the `default` ServiceAccount (and its token). */
  withControllerManager?: boolean;
  /** Deadline for each readiness wait, in ms (default 60000). */
  timeoutMs?: number;
}

export function rigCacheDir(): string {
  return process.env.RIG_CACHE || path.join(os.homedir(), '.cache', 'istio-canary-rig');
}

export function rigBinDir(): string {
  return path.join(rigCacheDir(), 'bin');
}

/** kubectl 1.20 matching the rig's server (from Debian's kubernetes-client). */
export function rigKubectlPath(): string {
  return path.join(rigBinDir(), 'kubectl');
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (isExecutable(p)) return p;
  }
  for (const dir of ['/usr/bin', '/usr/local/bin', '/usr/sbin']) {
    const p = path.join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function etcdPath(): string | undefined {
  const fromEnv = process.env.RIG_ETCD;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return findOnPath('etcd');
}

/** True when kube-apiserver, kube-controller-manager, etcd and openssl are all available. */
export function rigBinariesPresent(): boolean {
  return (
    isExecutable(path.join(rigBinDir(), 'kube-apiserver')) &&
    isExecutable(path.join(rigBinDir(), 'kube-controller-manager')) &&
    etcdPath() !== undefined &&
    findOnPath('openssl') !== undefined
  );
}

// ------------------------------------------------------------------ helpers

function run(file: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, timeout: 60_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve();
    });
  });
}

/** Reserve `n` distinct free TCP ports on 127.0.0.1 (held open together, then released). */
async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve());
      });
      ports.push((srv.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

function tail(file: string, lines = 40): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface HttpResult {
  status: number;
  body: string;
}

function httpsGet(url: string, token: string, ca: Buffer): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'GET', ca, headers: { Authorization: `Bearer ${token}` }, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** POST to etcd's JSON gateway (v3 API over HTTP/1.1). */
function etcdPost(url: string, body: unknown): Promise<Record<string, unknown>> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': data.length }, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) !== 200) reject(new Error(`etcd ${url}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        else resolve(JSON.parse(text) as Record<string, unknown>);
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`etcd ${url}: timeout`)));
    req.on('error', reject);
    req.end(data);
  });
}

// ------------------------------------------------------------------ process management

interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
  exited: boolean;
  exitInfo?: string;
}

const live = new Set<Proc>();
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) {
      if (!p.exited && p.child.pid) {
        try {
          process.kill(p.child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    if (process.env.RIG_KEEP !== '1') {
      for (const d of liveDirs) {
        try {
          fs.rmSync(d, { recursive: true, force: true });
        } catch {
          /* ignore */
        }
      }
    }
  });
}

function startProc(name: string, file: string, args: string[], log: string, env?: NodeJS.ProcessEnv): Proc {
  const fd = fs.openSync(log, 'a');
  let child: ChildProcess;
  try {
    child = spawn(file, args, { stdio: ['ignore', fd, fd], env: env ?? process.env });
  } finally {
    fs.closeSync(fd);
  }
  const p: Proc = { name, child, log, exited: false };
  child.on('exit', (code, signal) => {
    p.exited = true;
    p.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
    live.delete(p);
  });
  child.on('error', (err) => {
    p.exited = true;
    p.exitInfo = `spawn error: ${err.message}`;
    live.delete(p);
  });
  // Do not keep the test process alive just because the cluster runs; the exit hook and the
  // watchdog clean up.
  child.unref();
  live.add(p);
  return p;
}

async function stopProc(p: Proc, graceMs = 5000): Promise<void> {
  if (p.exited || !p.child.pid) return;
  const exited = new Promise<void>((r) => {
    if (p.exited) r();
    else p.child.once('exit', () => r());
  });
  try {
    p.child.kill('SIGTERM');
  } catch {
    /* gone */
  }
  const t = setTimeout(() => {
    if (!p.exited) {
      try {
        p.child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
  }, graceMs);
  await exited;
  clearTimeout(t);
}

/**
 * A tiny detached Node process that kills the rig's processes when the test process dies
 * without running its 'exit' handlers (SIGKILL, crash, mocha killed by a timeout...).
 * It exits by itself once the rig's processes are gone.
 */
const WATCHDOG = `
const [parentArg, dir, keep, ...pidArgs] = process.argv.slice(1);
const parent = Number(parentArg);
const pids = pidArgs.map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const timer = setInterval(() => {
  const rest = pids.filter(alive);
  if (!alive(parent) || process.ppid !== parent) {
    clearInterval(timer);
    for (const pid of rest) { try { process.kill(pid, 'SIGKILL'); } catch {} }
    setTimeout(() => {
      if (keep !== '1') { try { require('fs').rmSync(dir, { recursive: true, force: true }); } catch {} }
      process.exit(0);
    }, 300);
  } else if (rest.length === 0) {
    process.exit(0);
  }
}, 500);
`;

function startWatchdog(dir: string, pids: number[]): ChildProcess | undefined {
  try {
    const wd = spawn(
      process.execPath,
      ['-e', WATCHDOG, String(process.pid), dir, process.env.RIG_KEEP === '1' ? '1' : '0', ...pids.map(String)],
      { stdio: 'ignore', detached: true },
    );
    wd.on('error', () => undefined);
    wd.unref();
    return wd;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ certs & config

async function makeCerts(dir: string): Promise<void> {
  const openssl = findOnPath('openssl') ?? 'openssl';
  const o = (...args: string[]) => run(openssl, args, dir);
  // CA
  const ca = o(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
    '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=istio-canary-rig-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  );
  // Serving key + CSR (in parallel with the CA)
  const csr = o(
    'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-sha256',
    '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver',
  );
  // Service-account key pair
  const sa = o('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key').then(() =>
    o('pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'),
  );
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,' +
        'DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
      '',
    ].join('\n'),
  );
  await Promise.all([ca, csr]);
  await o(
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.crt', '-days', '365', '-sha256', '-extfile', 'server.ext',
  );
  await sa;
}

function kubeconfigYaml(server: string, caPem: Buffer, users: Array<{ name: string; token: string }>, current: string): string {
  const caData = caPem.toString('base64');
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'preferences: {}',
    'clusters:',
    '- name: real',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${caData}`,
    'users:',
  ];
  for (const u of users) {
    lines.push(`- name: ${u.name}`, '  user:', `    token: ${u.token}`);
  }
  lines.push('contexts:');
  for (const u of users) {
    lines.push(`- name: ${u.name}`, '  context:', '    cluster: real', `    user: ${u.name}`, '    namespace: default');
  }
  lines.push(`current-context: ${current}`, '');
  return lines.join('\n');
}

function tmpBase(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    /* fall through */
  }
  return os.tmpdir();
}

// ------------------------------------------------------------------ start

export async function startRealCluster(opts: StartOptions = {}): Promise<RealCluster> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const apiserverBin = path.join(rigBinDir(), 'kube-apiserver');
  const kcmBin = path.join(rigBinDir(), 'kube-controller-manager');
  const etcdBin = etcdPath();
  if (!isExecutable(apiserverBin) || !etcdBin || (opts.withControllerManager && !isExecutable(kcmBin))) {
    throw new Error(
      `real-cluster rig binaries missing (kube-apiserver/kube-controller-manager in ${rigBinDir()}, etcd on PATH); ` +
        'run scripts/rig/build-kube.sh first',
    );
  }
  installExitHook();

  const dir = fs.mkdtempSync(path.join(tmpBase(), 'istio-canary-rig-'));
  liveDirs.add(dir);
  const procs: Proc[] = [];
  let watchdog: ChildProcess | undefined;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Reverse start order: controller-manager, apiserver, etcd.
    for (const p of [...procs].reverse()) await stopProc(p);
    if (watchdog?.pid) {
      try {
        process.kill(watchdog.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    liveDirs.delete(dir);
    if (process.env.RIG_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
    const f = (name: string) => path.join(dir, name);

    // etcd first: it needs no certs, and the apiserver retries until it answers.
    const etcdData = f('etcd-data');
    fs.mkdirSync(etcdData, { mode: 0o700 });
    const etcd = startProc(
      'etcd',
      etcdBin,
      [
        '--name=rig',
        `--data-dir=${etcdData}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=rig=http://127.0.0.1:${etcdPeer}`,
        '--initial-cluster-state=new',
        '--logger=zap',
        '--log-level=warn',
      ],
      f('etcd.log'),
    );
    procs.push(etcd);

    await makeCerts(dir);
    const adminToken = randomBytes(24).toString('hex');
    const limitedToken = randomBytes(24).toString('hex');
    const kcmToken = randomBytes(24).toString('hex');
    fs.writeFileSync(
      f('tokens.csv'),
      [
        `${adminToken},admin,uid-admin,"system:masters"`,
        `${kcmToken},system:kube-controller-manager,uid-kcm,"system:masters"`,
        `${limitedToken},limited,uid-limited`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );

    const server = `https://127.0.0.1:${apiPort}`;
    const apiArgs = [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--insecure-port=0',
      `--tls-cert-file=${f('server.crt')}`,
      `--tls-private-key-file=${f('server.key')}`,
      `--client-ca-file=${f('ca.crt')}`,
      `--token-auth-file=${f('tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${f('sa.pub')}`,
      `--service-account-signing-key-file=${f('sa.key')}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--profiling=false',
    ];
    if (!opts.withControllerManager) {
      // Without the controller manager no `default` ServiceAccount (nor its token) is ever
      // created, and the ServiceAccount admission plugin would reject every pod.
      apiArgs.push('--disable-admission-plugins=ServiceAccount');
    }
    let apiserver = startProc('kube-apiserver', apiserverBin, apiArgs, f('kube-apiserver.log'));
    procs.push(apiserver);
    const rearmWatchdog = () => {
      if (watchdog?.pid) {
        try {
          process.kill(watchdog.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      watchdog = startWatchdog(dir, procs.map((p) => p.child.pid!).filter(Boolean));
    };
    rearmWatchdog();

    const caPem = fs.readFileSync(f('ca.crt'));
    const failIfDead = () => {
      for (const p of procs) {
        if (p.exited) {
          throw new Error(`${p.name} exited early (${p.exitInfo}); tail of ${p.log}:\n${tail(p.log)}`);
        }
      }
    };

    const waitReady = async () => {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      for (;;) {
        failIfDead();
        try {
          const r = await httpsGet(`${server}/readyz`, adminToken, caPem);
          if (r.status === 200) break;
          last = `HTTP ${r.status}: ${r.body.slice(0, 500)}`;
        } catch (e) {
          last = (e as Error).message;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `kube-apiserver not ready after ${timeoutMs} ms (last: ${last}); tail of ${apiserver.log}:\n` +
              tail(apiserver.log) + `\n--- tail of ${etcd.log}:\n` + tail(etcd.log, 15),
          );
        }
        await sleep(200);
      }
    };
    await waitReady();

    const restartApiServer = async (): Promise<void> => {
      await stopProc(apiserver);
      apiserver = startProc('kube-apiserver', apiserverBin, apiArgs, f('kube-apiserver.log'));
      procs[procs.findIndex((p) => p.name === 'kube-apiserver')] = apiserver;
      rearmWatchdog();
      await waitReady();
    };
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const compactEtcd = async (): Promise<number> => {
      const range = await etcdPost(`${etcdUrl}/v3/kv/range`, { key: Buffer.from('/registry/').toString('base64') });
      const revision = Number((range.header as { revision?: string } | undefined)?.revision);
      if (!Number.isFinite(revision)) throw new Error(`etcd: no revision in ${JSON.stringify(range).slice(0, 200)}`);
      await etcdPost(`${etcdUrl}/v3/kv/compaction`, { revision: String(revision), physical: true });
      return revision;
    };

    const kubeconfigPath = f('kubeconfig.yaml');
    fs.writeFileSync(
      kubeconfigPath,
      kubeconfigYaml(server, caPem, [
        { name: 'real-admin', token: adminToken },
        { name: 'real-limited', token: limitedToken },
      ], 'real-admin'),
      { mode: 0o600 },
    );

    let kcm: Proc | undefined;
    if (opts.withControllerManager) {
      const kcmConfig = f('kcm.kubeconfig');
      fs.writeFileSync(
        kcmConfig,
        kubeconfigYaml(server, caPem, [{ name: 'kcm', token: kcmToken }], 'kcm'),
        { mode: 0o600 },
      );
      kcm = startProc(
        'kube-controller-manager',
        kcmBin,
        [
          `--kubeconfig=${kcmConfig}`,
          '--bind-address=127.0.0.1',
          '--port=0',
          '--secure-port=0',
          '--leader-elect=false',
          `--service-account-private-key-file=${f('sa.key')}`,
          `--root-ca-file=${f('ca.crt')}`,
          '--controllers=*',
        ],
        f('kube-controller-manager.log'),
      );
      procs.push(kcm);
      rearmWatchdog();

      // Wait until the `default` ServiceAccount exists and has its token secret (1.20's
      // ServiceAccount admission rejects pods until the token is there).
      const deadline = Date.now() + timeoutMs;
      let last = '';
      for (;;) {
        failIfDead();
        try {
          const r = await httpsGet(`${server}/api/v1/namespaces/default/serviceaccounts/default`, adminToken, caPem);
          if (r.status === 200) {
            const sa = JSON.parse(r.body) as { secrets?: unknown[] };
            if ((sa.secrets?.length ?? 0) > 0) break;
            last = 'ServiceAccount default/default has no token secret yet';
          } else {
            last = `HTTP ${r.status}`;
          }
        } catch (e) {
          last = (e as Error).message;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `controller-manager did not create ServiceAccount default/default within ${timeoutMs} ms (last: ${last}); ` +
              `tail of ${kcm.log}:\n${tail(kcm.log)}`,
          );
        }
        await sleep(200);
      }
    }

    return {
      server,
      token: adminToken,
      limitedToken,
      kubeconfigPath,
      caFile: f('ca.crt'),
      dir,
      pids: { etcd: etcd.child.pid!, apiserver: apiserver.child.pid!, controllerManager: kcm?.child.pid },
      logs: { etcd: etcd.log, apiserver: apiserver.log, controllerManager: kcm?.log },
      etcdUrl,
      compactEtcd,
      restartApiServer,
      stop,
    };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
