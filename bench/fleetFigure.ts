/**
 * Figure 3: one Fleet load of 10 contexts — 8 healthy (one simulator), one black hole (TCP accepted, never
 * answered) and one slow (a proxy adding 2 s per response). When are the 8 ready, when has everything settled?
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dump } from 'js-yaml';
import { Fleet } from '../src/fleet/fleet';
import { ms, text, verdict, type Row } from './report';
import { summarize } from './stats';
import { startBlackHole, startSlowProxy } from './slowProxy';
import type { SimEndpoint } from './simProcess';

const CONNECT_TIMEOUT_MS = 2000;
// Long enough that the slow context (2 s per response) loads rather than times out.
const REQUEST_TIMEOUT_MS = 5000;
const SLOW_DELAY_MS = 2000;
const HEALTHY = 8;

interface Endpoint { name: string; server: string; caPem: string; token: string }

function writeKubeconfig(file: string, endpoints: Endpoint[]): void {
  fs.writeFileSync(file, dump({
    apiVersion: 'v1', kind: 'Config', 'current-context': endpoints[0].name,
    clusters: endpoints.map((e) => ({ name: e.name, cluster: { server: e.server, 'certificate-authority-data': Buffer.from(e.caPem).toString('base64') } })),
    users: endpoints.map((e) => ({ name: e.name, user: { token: e.token } })),
    contexts: endpoints.map((e) => ({ name: e.name, context: { cluster: e.name, user: e.name } })),
  }), { mode: 0o600 });
}

interface LoadTiming { healthyMs: number; settledMs: number; states: string[] }

async function loadOnce(kubeconfig: string, healthy: string[]): Promise<LoadTiming> {
  const fleet = new Fleet({ paths: [kubeconfig], watch: false, connectTimeoutMs: CONNECT_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS });
  let healthyAt = NaN;
  const started = performance.now();
  fleet.onDidChange(() => {
    if (Number.isNaN(healthyAt) && healthy.every((c) => fleet.cluster(c)?.status === 'ready')) healthyAt = performance.now();
  });
  try {
    await fleet.load();
    const settled = performance.now();
    const states = fleet.clusters().filter((c) => !healthy.includes(c.context))
      .map((c) => `${c.context}: ${c.status}${c.error ? ` (${c.error.kind})` : ''} after ${c.loadMs} ms`);
    return { healthyMs: healthyAt - started, settledMs: settled - started, states };
  } finally {
    fleet.dispose();
  }
}

export async function fleetFigure(sim: SimEndpoint, reps: number): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fleet-'));
  const hole = await startBlackHole();
  const slow = await startSlowProxy(sim.url, sim.caPem, SLOW_DELAY_MS);
  try {
    const healthy: Endpoint[] = Array.from({ length: HEALTHY }, (_, i) => ({ name: `healthy-${i + 1}`, server: sim.url, caPem: sim.caPem, token: sim.adminToken }));
    const all: Endpoint[] = [
      ...healthy,
      { name: 'black-hole', server: hole.url, caPem: sim.caPem, token: 'x' },
      { name: 'slow-2s', server: slow.url, caPem: slow.caPem ?? '', token: sim.adminToken },
    ];
    const mixed = path.join(dir, 'mixed.yaml');
    const alone = path.join(dir, 'healthy.yaml');
    writeKubeconfig(mixed, all);
    writeKubeconfig(alone, healthy);
    const names = healthy.map((h) => h.name);
    await loadOnce(alone, names); // warm-up
    const mixedRuns: LoadTiming[] = [];
    const aloneRuns: LoadTiming[] = [];
    for (let i = 0; i < reps; i++) {
      aloneRuns.push(await loadOnce(alone, names));
      mixedRuns.push(await loadOnce(mixed, names));
    }
    const h = summarize(mixedRuns.map((r) => r.healthyMs));
    const s = summarize(mixedRuns.map((r) => r.settledMs));
    const a = summarize(aloneRuns.map((r) => r.healthyMs));
    const notWaiting = h.max < CONNECT_TIMEOUT_MS && h.median <= Math.max(2 * a.median, a.median + 200);
    return {
      rows: [
        {
          figure: '10 contexts: 8 healthy ready vs all settled', ours: ms(h), other: ms(s), ratio: `${(s.median / h.median).toFixed(1)}×`,
          goal: 'healthy do not wait', verdict: verdict(notWaiting),
          note: `the 8 alone take ${a.median.toFixed(0)} ms; connect/request timeout ${CONNECT_TIMEOUT_MS}/${REQUEST_TIMEOUT_MS} ms; ${mixedRuns[0].states.join('; ')}`,
        },
        { figure: '8 healthy contexts alone', ours: ms(a), other: text(''), goal: 'baseline', verdict: 'info' },
      ],
      json: { healthyWithBadMs: h, settledMs: s, healthyAloneMs: a, states: mixedRuns[0].states },
    };
  } finally {
    await hole.close();
    await slow.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
