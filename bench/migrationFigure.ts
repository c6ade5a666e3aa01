/**
 * Figure 2: 200 namespaces × 5 Deployments (1 replica, pods ready at once), all on revision A, moved to B.
 * Ours: readInventory + planMigration + runMigration (concurrency 10, no journal), which also waits for every
 * rollout and verifies. The seeds' way: a sequential shell loop, per namespace one `kubectl label` and one
 * `kubectl rollout restart deployment` (no waiting). Each side gets a fresh simulator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallLogger } from '../src/kube/clusterClient';
import { loadKubeconfigs } from '../src/kube/kubeconfigLoader';
import { openClusterSession } from '../src/kube/clusterSession';
import { planMigration } from '../src/mesh/migrationPlan';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';
import { readInventory } from '../src/upgrade/inventoryReader';
import { runMigration } from '../src/upgrade/migrationRunner';
import { kubectl, kubectlAvailable } from './kubectl';
import { ms, text, verdict, type Row } from './report';
import { summarize } from './stats';
import { startSimProcess, type SimEndpoint } from './simProcess';

const FROM = '1-22-3';
const TO = '1-23-4';
const NAMESPACES = 200;
const SCENARIO = { namespaces: NAMESPACES, podsPerNamespace: 5, maxReplicas: 1, revisions: 2, tags: 0 };

function startFresh(): Promise<SimEndpoint> {
  return startSimProcess(SCENARIO, 0, FROM);
}

interface RunResult {
  ms: number;
  /** Median per-namespace time in each step (ours only). */
  steps?: Record<string, number>;
  saw429: boolean;
  requests: number;
  /** Requests per migrated namespace by kind of request (ours only), e.g. "LIST pods in namespace". */
  perNamespace?: Record<string, number>;
  ok: boolean;
  detail: string;
}

/** Per namespace, the time from one progress step to the next ('restart' repeats per Deployment: first to last). */
function stepMedians(marks: Map<string, { step: string; at: number }[]>): Record<string, number> {
  const per: Record<string, number[]> = {};
  for (const list of marks.values()) {
    const first = new Map<string, number>();
    for (const m of list) if (!first.has(m.step)) first.set(m.step, m.at);
    const order = ['relabel', 'restart', 'wait', 'verify', 'done'].filter((s) => first.has(s));
    for (let i = 0; i + 1 < order.length; i++) (per[order[i]] ??= []).push((first.get(order[i + 1]) ?? 0) - (first.get(order[i]) ?? 0));
  }
  return Object.fromEntries(Object.entries(per).map(([k, v]) => [k, summarize(v).median]));
}

/**
 * "LIST pods in namespace", "LIST namespaces cluster-wide", "LIST namespaces by name", "GET deployments", "PATCH namespaces"…:
 * what a request was, from its method and path (a GET without a name is a LIST).
 */
export function requestKind(method: string, pathAndQuery: string): string {
  const [pathname, query = ''] = pathAndQuery.split('?');
  const segs = pathname.split('/').filter(Boolean);
  const rest = segs[0] === 'api' ? segs.slice(2) : segs[0] === 'apis' ? segs.slice(3) : segs;
  let resource = rest[0] ?? pathname;
  let name = rest[1];
  let namespaced = false;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    resource = rest[2];
    name = rest[3];
    namespaced = true;
  }
  if (name !== undefined) return `${method} ${resource}`;
  const verb = method === 'GET' ? 'LIST' : method;
  if (namespaced) return `${verb} ${resource} in namespace`;
  return `${verb} ${resource} ${/(^|&)fieldSelector=metadata\.name(%3D|=)/.test(query) ? 'by name' : 'cluster-wide'}`;
}

function countBy(keys: string[], per: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / per) * 100) / 100]));
}

async function oursOnce(): Promise<RunResult> {
  const sim = await startFresh();
  let saw429 = false;
  const kinds: string[] = [];
  const logger: CallLogger = {
    call: (_c, method, p, status) => {
      if (status === 429) saw429 = true;
      kinds.push(requestKind(method, p));
    },
    warn: () => undefined,
  };
  const session = openClusterSession(loadKubeconfigs([sim.kubeconfigPath]), sim.contextName, { logger });
  try {
    const started = performance.now();
    const inventory = await readInventory(session.client);
    const names = inventory.namespaces.map((n) => n.metadata.name).filter((n) => n.startsWith('ns-'));
    const planned = planMigration(sim.contextName, inventory, names, TO);
    if (!planned.ok) throw new Error(planned.error);
    const marks = new Map<string, { step: string; at: number }[]>();
    const outcome = await runMigration({ client: session.client }, planned.plan, {
      concurrency: 10,
      onProgress: (e) => {
        const list = marks.get(e.namespace) ?? [];
        list.push({ step: e.step, at: performance.now() });
        marks.set(e.namespace, list);
      },
    });
    const elapsed = performance.now() - started;
    const done = outcome.namespaces.filter((n) => n.status === 'done').length;
    const restarted = outcome.namespaces.reduce((n, o) => n + o.restarted.length, 0);
    const firstError = outcome.namespaces.find((n) => n.error)?.error;
    return {
      ms: elapsed, saw429, requests: session.client.stats().requests, perNamespace: countBy(kinds, names.length), steps: stepMedians(marks), ok: outcome.status === 'completed' && done === names.length,
      detail: `${done}/${names.length} namespaces done, ${restarted} Deployments restarted${firstError ? `; first error: ${firstError}` : ''}`,
    };
  } finally {
    session.dispose();
    await sim.stop();
  }
}

async function kubectlLoopOnce(): Promise<RunResult> {
  const sim = await startFresh();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kubectl-'));
  const session = openClusterSession(loadKubeconfigs([sim.kubeconfigPath]), sim.contextName, {});
  try {
    const names = (await session.client.list('namespaces')).items.map((n) => n.metadata.name).filter((n) => n.startsWith('ns-'));
    await kubectl(['get', 'ns', '-o', 'name'], sim.kubeconfigPath, cacheDir); // discovery cache, as a user has it
    let saw429 = false;
    let failures = 0;
    const started = performance.now();
    for (const ns of names) {
      for (const args of [
        ['label', 'namespace', ns, 'istio-injection-', `istio.io/rev=${TO}`, '--overwrite'],
        ['rollout', 'restart', 'deployment', '-n', ns],
      ]) {
        const r = await kubectl(args, sim.kubeconfigPath, cacheDir);
        if (/\b429\b|Too Many Requests/i.test(r.stderr)) saw429 = true;
        if (r.code !== 0) failures++;
      }
    }
    const elapsed = performance.now() - started;
    // The loop does not wait; check afterwards that it did the same thing (labels moved, new pods on TO).
    await new Promise((r) => setTimeout(r, 2000));
    const snapshot = buildSnapshot(sim.contextName, await readInventory(session.client));
    const moved = snapshot.namespaces.filter((n) => names.includes(n.name) && n.target?.revision === TO).length;
    const stale = snapshot.namespaces.filter((n) => names.includes(n.name)).reduce((k, n) => k + n.workloads.reduce((j, w) => j + w.pods.filter((p) => p.needsRestart).length, 0), 0);
    return {
      ms: elapsed, saw429, requests: names.length * 2, ok: failures === 0 && moved === names.length && stale === 0,
      detail: `${names.length * 2} kubectl calls, ${failures} failed; afterwards ${moved}/${names.length} namespaces on ${TO}, ${stale} stale pods`,
    };
  } finally {
    session.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await sim.stop();
  }
}

function perNamespaceText(r: RunResult): string {
  return Object.entries(r.perNamespace ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
}

export async function migrationFigure(reps: { ours: number; kubectl: number }): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const ours: RunResult[] = [];
  for (let i = 0; i < reps.ours; i++) ours.push(await oursOnce());
  const o = summarize(ours.map((r) => r.ms));
  const rows: Row[] = [];
  const json: Record<string, unknown> = { oursMs: o, ours };
  if (kubectlAvailable() && reps.kubectl > 0) {
    const loops: RunResult[] = [];
    for (let i = 0; i < reps.kubectl; i++) loops.push(await kubectlLoopOnce());
    const k = summarize(loops.map((r) => r.ms));
    const speedup = k.median / o.median;
    rows.push({
      figure: `migrate ${NAMESPACES} ns × 5 Deployments`, ours: ms(o), other: ms(k), ratio: `${speedup.toFixed(1)}× faster`,
      goal: 'ours ≥ 5× faster', verdict: verdict(speedup >= 5 && ours.every((r) => r.ok) && loops.every((r) => r.ok)),
      note: `ours (concurrency 10, waits + verifies): ${ours[0].detail}, ${ours[0].requests} requests (${(ours[0].requests / NAMESPACES).toFixed(1)} per namespace: ${perNamespaceText(ours[0])}); per namespace (medians, run 1): ${Object.entries(ours[0].steps ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}; kubectl loop (no waiting): ${loops[0].detail}`,
    });
    json.kubectlMs = k;
    json.kubectl = loops;
    rows.push({
      figure: '429 (throttled) seen', ours: text(ours.some((r) => r.saw429) ? 'yes' : 'no'), other: text(loops.some((r) => r.saw429) ? 'yes' : 'no'),
      goal: 'none', verdict: verdict(!ours.some((r) => r.saw429)),
    });
  } else {
    rows.push({ figure: `migrate ${NAMESPACES} ns × 5 Deployments`, ours: ms(o), other: text('kubectl missing'), goal: 'ours ≥ 5× faster', verdict: 'info', note: `${ours[0].detail}, ${ours[0].requests} requests (${(ours[0].requests / NAMESPACES).toFixed(1)} per namespace: ${perNamespaceText(ours[0])})` });
  }
  return { rows, json };
}
