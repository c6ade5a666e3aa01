/**
 * Smoke test of the real control-plane rig.
 *   bash scripts/rig/build-kube.sh            # once (cached afterwards)
 *   node_modules/.bin/tsx test/rig/realCluster.smoke.ts
 * Exits non-zero on any failure.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { rigBinariesPresent, rigKubectlPath, startRealCluster, type RealCluster } from './realCluster';

interface Res {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function request(c: RealCluster, method: string, path: string, token: string, body?: unknown): Promise<Res> {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request(
      c.server + path,
      {
        method,
        ca: fs.readFileSync(c.caFile),
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}),
        },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (ch: Buffer) => chunks.push(ch));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = text;
          try {
            json = JSON.parse(text);
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function expectStatus(what: string, r: Res, want: number): void {
  if (r.status !== want) {
    throw new Error(`${what}: expected HTTP ${want}, got ${r.status}: ${JSON.stringify(r.json).slice(0, 400)}`);
  }
  console.log(`  ok  ${what} -> ${r.status}`);
}

function rssMb(pid: number | undefined): string {
  if (!pid) return '-';
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? `${Math.round(Number(m[1]) / 1024)} MB` : '?';
  } catch {
    return 'gone';
  }
}

function kubectl(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(rigKubectlPath(), args, { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  if (!rigBinariesPresent()) {
    throw new Error('rig binaries missing: run scripts/rig/build-kube.sh');
  }
  const t0 = Date.now();
  const c = await startRealCluster({ withControllerManager: true });
  const tStart = Date.now() - t0;
  console.log(`cluster up in ${tStart} ms at ${c.server} (dir ${c.dir})`);
  let failed: unknown;
  try {
    const ns = await request(c, 'GET', '/api/v1/namespaces', c.token);
    expectStatus('list namespaces (admin)', ns, 200);
    const names = (ns.json.items as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name);
    for (const want of ['default', 'kube-system']) {
      if (!names.includes(want)) throw new Error(`namespace ${want} missing from ${names.join(',')}`);
    }

    const nsName = `rig-smoke-${process.pid}`;
    expectStatus(
      'create namespace',
      await request(c, 'POST', '/api/v1/namespaces', c.token, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: nsName, labels: { 'istio-injection': 'enabled' } },
      }),
      201,
    );

    const tDeploy = Date.now();
    const dep = await request(c, 'POST', `/apis/apps/v1/namespaces/${nsName}/deployments`, c.token, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'smoke', labels: { app: 'smoke' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'smoke' } },
        template: {
          metadata: { labels: { app: 'smoke' } },
          spec: { containers: [{ name: 'app', image: 'example.invalid/app:1' }] },
        },
      },
    });
    expectStatus('create deployment', dep, 201);
    const depUid = dep.json.metadata.uid as string;

    let rsName = '';
    while (!rsName) {
      const rs = await request(c, 'GET', `/apis/apps/v1/namespaces/${nsName}/replicasets?labelSelector=app%3Dsmoke`, c.token);
      if (rs.status === 200) {
        const owned = (rs.json.items as Array<{ metadata: { name: string; ownerReferences?: Array<{ uid: string }> } }>).find(
          (i) => i.metadata.ownerReferences?.some((o) => o.uid === depUid),
        );
        if (owned) rsName = owned.metadata.name;
      }
      if (!rsName) {
        if (Date.now() - tDeploy > 20_000) throw new Error('no ReplicaSet owned by the Deployment within 20 s');
        await sleep(200);
      }
    }
    console.log(`  ok  ReplicaSet ${rsName} created by the controller manager in ${Date.now() - tDeploy} ms`);

    // Pods (informational: they stay Pending, there is no scheduler/kubelet).
    let podCount = 0;
    const tPods = Date.now();
    while (Date.now() - tPods < 10_000) {
      const pods = await request(c, 'GET', `/api/v1/namespaces/${nsName}/pods`, c.token);
      podCount = pods.status === 200 ? pods.json.items.length : 0;
      if (podCount >= 2) break;
      await sleep(200);
    }
    console.log(`  ..  ${podCount} pod(s) created by the ReplicaSet controller after ${Date.now() - tDeploy} ms`);

    expectStatus('list pods (limited) is forbidden', await request(c, 'GET', '/api/v1/pods', c.limitedToken), 403);
    expectStatus(
      'list namespaced pods (limited) is forbidden',
      await request(c, 'GET', `/api/v1/namespaces/${nsName}/pods`, c.limitedToken),
      403,
    );
    expectStatus('unknown token is unauthorized', await request(c, 'GET', '/api/v1/pods', 'not-a-token'), 401);

    // The kubeconfig works with kubectl 1.20 in both contexts.
    if (fs.existsSync(rigKubectlPath())) {
      const a = await kubectl(['--kubeconfig', c.kubeconfigPath, '--context', 'real-admin', 'get', 'ns', nsName, '-o', 'name']);
      if (a.code !== 0 || !a.out.includes(`namespace/${nsName}`)) throw new Error(`kubectl real-admin failed: ${a.out}`);
      console.log('  ok  kubectl --context real-admin get ns');
      const l = await kubectl(['--kubeconfig', c.kubeconfigPath, '--context', 'real-limited', 'get', 'pods']);
      if (l.code === 0 || !/forbidden/i.test(l.out)) throw new Error(`kubectl real-limited should be forbidden: ${l.out}`);
      console.log('  ok  kubectl --context real-limited get pods is Forbidden');
    }

    console.log(
      `memory (RSS): etcd ${rssMb(c.pids.etcd)}, kube-apiserver ${rssMb(c.pids.apiserver)}, ` +
        `kube-controller-manager ${rssMb(c.pids.controllerManager)}`,
    );
  } catch (e) {
    failed = e;
  } finally {
    const tStop = Date.now();
    const pids = Object.values(c.pids).filter((p): p is number => typeof p === 'number');
    await c.stop();
    console.log(`stopped in ${Date.now() - tStop} ms`);
    const leftovers = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    if (leftovers.length) failed ??= new Error(`processes still alive after stop(): ${leftovers.join(',')}`);
    if (fs.existsSync(c.dir) && process.env.RIG_KEEP !== '1') failed ??= new Error(`dir not removed: ${c.dir}`);
  }
  if (failed) throw failed;
  console.log(`SMOKE PASS in ${Date.now() - t0} ms (start-up ${tStart} ms)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`SMOKE FAIL: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    process.exit(1);
  },
);
