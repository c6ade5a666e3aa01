/** Figure 1a–c: cold snapshot (ours vs the raw-HTTPS floor vs kubectl) and the requests one refresh takes. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterInventory } from '../src/mesh/kubeObjects';
import { fullGc } from './gc';
import { readRawAccess } from './kubeconfigAccess';
import { kubectl, kubectlAvailable, kubectlOk, KUBECTL_GET_ALL } from './kubectl';
import { ourColdSnapshot, type OurSnapshotRun } from './ourSnapshot';
import { rawFloor, type FloorRun } from './rawFloor';
import { ms, ratio, single, text, verdict, type Row } from './report';
import { summarize } from './stats';

export interface ColdTarget {
  kubeconfigPath: string;
  context: string;
  /** Size label for the goal text, e.g. "L". */
  size: string;
}

export interface ColdReps {
  snapshot: number;
  kubectl: number;
}

export interface ColdResult {
  rows: Row[];
  inventory: ClusterInventory;
  json: Record<string, unknown>;
}

export async function coldSnapshotFigure(target: ColdTarget, reps: ColdReps): Promise<ColdResult> {
  const access = readRawAccess(target.kubeconfigPath, target.context);
  // Warm-up (not counted): JIT, TLS session setup code paths, the server's first-touch costs.
  await ourColdSnapshot(target.kubeconfigPath, target.context);
  await rawFloor(access);
  const ours: OurSnapshotRun[] = [];
  const floors: FloorRun[] = [];
  for (let i = 0; i < reps.snapshot; i++) {
    // Interleaved so drift (server heap, page cache) hits both alike.
    fullGc();
    ours.push(await ourColdSnapshot(target.kubeconfigPath, target.context));
    fullGc();
    floors.push(await rawFloor(access));
  }
  const inventory = ours[ours.length - 1].inventory;
  const oursMs = summarize(ours.map((r) => r.ms));
  const floorMs = summarize(floors.map((r) => r.ms));
  const listMs = summarize(ours.map((r) => r.listMs));
  const buildMs = summarize(ours.map((r) => r.buildMs));
  const floorRatio = oursMs.median / floorMs.median;
  const judged = target.size === 'L' || target.size === 'XL';
  const rows: Row[] = [{
    figure: 'cold snapshot vs raw-HTTPS floor',
    ours: ms(oursMs), other: ms(floorMs), ratio: ratio(oursMs.median, floorMs.median),
    goal: judged ? 'ours/floor ≤ 1.3' : 'ours/floor ≤ 1.3 (at L, XL)',
    verdict: judged ? verdict(floorRatio <= 1.3) : 'info',
    note: `ours = LISTs ${listMs.median.toFixed(0)} ms + buildSnapshot ${buildMs.median.toFixed(0)} ms (medians); floor = same ${floors[0].pages} pages, JSON.parse only`,
  }];

  const stats = ours[0].stats;
  const floor = floors[0];
  const onePerKind = stats.lists === floor.lists && stats.requests === floor.pages;
  rows.push({
    figure: 'requests per refresh (LISTs / pages)',
    ours: text(`${stats.lists} LISTs / ${stats.requests} pages`), other: text(`floor ${floor.lists} / ${floor.pages}`),
    goal: 'one LIST per kind, paged', verdict: verdict(onePerKind),
  });
  rows.push({
    figure: 'bytes received per refresh',
    ours: single(stats.bytes / 1e6, 'MB'), other: single(floor.bytes / 1e6, 'MB'), ratio: ratio(stats.bytes, floor.bytes),
    goal: 'same as floor', verdict: verdict(stats.bytes <= floor.bytes * 1.01),
  });

  const json: Record<string, unknown> = {
    oursMs, floorMs, listMs, buildMs, requests: stats.requests, lists: stats.lists, bytes: stats.bytes, objects: stats.objects,
    floorPages: floor.pages, floorBytes: floor.bytes,
  };
  if (kubectlAvailable() && reps.kubectl > 0) {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kubectl-'));
    try {
      await kubectlOk(['get', 'ns', '-o', 'name'], target.kubeconfigPath, cacheDir); // discovery cache, as a user has it
      const runs = [];
      for (let i = 0; i < reps.kubectl; i++) {
        const r = await kubectl([...KUBECTL_GET_ALL, '-v=6'], target.kubeconfigPath, cacheDir);
        if (r.code !== 0) throw new Error(`kubectl get failed: ${r.stderr.slice(-500)}`);
        runs.push(r);
      }
      const k = summarize(runs.map((r) => r.ms));
      const kubectlRequests = (runs[0].stderr.match(/ GET https?:\/\/\S+ 200 OK/g) ?? []).length;
      rows.push({
        figure: 'kubectl get ns,pods,deploy,mwc -A -o json',
        ours: ms(oursMs), other: ms(k), ratio: `${(k.median / oursMs.median).toFixed(1)}× faster`,
        goal: 'ours ≥ 2× faster', verdict: verdict(k.median >= 2 * oursMs.median),
        note: `kubectl made ${kubectlRequests} GETs for 4 kinds and printed ${(runs[0].stdoutBytes / 1e6).toFixed(0)} MB; ours reads 9 kinds`,
      });
      json.kubectlMs = k;
      json.kubectlRequests = kubectlRequests;
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  } else {
    rows.push({ figure: 'kubectl get … -o json', ours: ms(oursMs), other: text(reps.kubectl > 0 ? 'kubectl missing' : 'skipped at this size'), goal: 'ours ≥ 2× faster', verdict: 'info' });
  }
  return { rows, inventory, json };
}
