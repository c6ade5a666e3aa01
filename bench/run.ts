/**
 * `npm run bench`: the performance figures of the project's issues, each with its goal and PASS/MISS.
 * Options: --sizes S,M,L,XL (default S,M,L; XL = 5,000 namespaces / 100,000 pods) · --quick (S only, 1 repetition, CI smoke) · --real (size M also against
 * the real kube-apiserver rig when its binaries exist) · --ui (the tree in a real VS Code: code-server + chromium)
 * · --json FILE (write every figure).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { bundleFigure } from './bundleFigure';
import { coldSnapshotFigure } from './coldSnapshotFigure';
import { commandReadsFigure } from './commandReadsFigure';
import { fleetFigure } from './fleetFigure';
import { memoryFigure } from './memoryFigure';
import { migrationFigure } from './migrationFigure';
import { realClusterFigure } from './realClusterFigure';
import { renderSection, text, type Row, type Section } from './report';
import { describeSize, judgedAt, QUICK_REPS, SIZES, type SizeName, type SizeSpec } from './sizes';
import { startSimProcess } from './simProcess';
import { stallFigure } from './stallFigure';
import { treeFigure } from './treeFigure';
import { uiTreeFigure } from './uiTreeFigure';
import { treeRefreshFigure } from './treeRefreshFigure';
import { watchLatencyFigure } from './watchLatencyFigure';

interface Options { sizes: SizeName[]; quick: boolean; real: boolean; ui: boolean; json?: string }

function options(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      real: { type: 'boolean', default: false },
      ui: { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const sizes = (values.quick ? 'S' : values.sizes ?? 'S,M,L').split(',').map((s) => s.trim().toUpperCase());
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size "${s}" (S, M, L or XL)`);
  return { sizes: sizes as SizeName[], quick: values.quick, real: values.real, ui: values.ui, json: values.json };
}

interface Recorded { section: Section; json: Record<string, unknown> }

/** A figure that throws becomes a MISS row with the error, so one failure does not hide the rest. */
async function figure(rows: Row[], json: Record<string, unknown>, name: string, fn: () => Promise<{ rows: Row[]; json: Record<string, unknown> } | undefined>): Promise<void> {
  process.stderr.write(`  … ${name} (load average ${os.loadavg()[0].toFixed(1)})\n`);
  try {
    const r = await fn();
    if (r) {
      rows.push(...r.rows);
      json[name] = r.json;
    }
  } catch (e) {
    rows.push({ figure: name, ours: text('error'), goal: '', verdict: 'MISS', note: e instanceof Error ? e.message : String(e) });
    json[name] = { error: String(e) };
  }
}

async function sizeSection(spec: SizeSpec, o: Options): Promise<Recorded[]> {
  const reps = o.quick ? QUICK_REPS : spec.reps;
  process.stderr.write(`size ${spec.name}: starting the simulator\n`);
  const started = performance.now();
  const sim = await startSimProcess(spec.scenario);
  const rows: Row[] = [];
  const json: Record<string, unknown> = { scenario: spec.scenario, reps };
  const recorded: Recorded[] = [];
  try {
    let inventory: Awaited<ReturnType<typeof coldSnapshotFigure>>['inventory'] | undefined;
    await figure(rows, json, 'coldSnapshot', async () => {
      const r = await coldSnapshotFigure({ kubeconfigPath: sim.kubeconfigPath, context: sim.contextName, size: spec.name }, reps);
      inventory = r.inventory;
      return r;
    });
    await figure(rows, json, 'watchLatency', () => watchLatencyFigure({ kubeconfigPath: sim.kubeconfigPath, context: sim.contextName, namespace: `ns-${'1'.padStart(String(spec.scenario.namespaces).length, '0')}` }, reps.watch));
    await figure(rows, json, 'memory', () => memoryFigure(sim.kubeconfigPath, sim.contextName, reps.memory, judgedAt(spec.name), spec.name === 'XL' ? 100 : 250));
    await figure(rows, json, 'tree', async () => (inventory ? treeFigure(inventory, reps.tree) : undefined));
    await figure(rows, json, 'treeRefresh', async () => (inventory ? treeRefreshFigure(inventory, reps.tree) : undefined));
    await figure(rows, json, 'commandReads', () => commandReadsFigure(sim.kubeconfigPath, sim.contextName, spec.name === 'M'));
    if (o.ui) await figure(rows, json, 'uiTree', () => uiTreeFigure(sim, reps.watch, spec.name === 'L'));
    // Last at its size: the migration it measures moves namespaces.
    await figure(rows, json, 'stall', () => stallFigure(sim.kubeconfigPath, sim.contextName, reps.memory, spec.name === 'L'));
    recorded.push({ section: { title: `Size ${spec.name}: ${describeSize(spec)} (simulator) — ${seconds(started)}`, rows }, json });
    if (o.real && spec.name === 'M') {
      const realStarted = performance.now();
      const realRows: Row[] = [];
      const realJson: Record<string, unknown> = {};
      await figure(realRows, realJson, 'realCluster', async () => {
        const r = await realClusterFigure(sim, reps);
        if (!r) realRows.push({ figure: 'real kube-apiserver', ours: text('skipped: rig binaries missing (scripts/rig/build-kube.sh)'), goal: '', verdict: 'info' });
        return r;
      });
      recorded.push({ section: { title: `Size M on the real kube-apiserver 1.20 rig (etcd, no kubelet: pods Pending) — ${seconds(realStarted)}`, rows: realRows }, json: realJson });
    }
  } finally {
    await sim.stop();
  }
  return recorded;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(0)} s`;
}

async function generalSection(o: Options): Promise<Recorded> {
  const started = performance.now();
  const rows: Row[] = [];
  const json: Record<string, unknown> = {};
  const reps = o.quick ? 1 : 5;
  await figure(rows, json, 'bundle', () => bundleFigure(reps));
  await figure(rows, json, 'migration', () => migrationFigure(o.quick ? { ours: 1, kubectl: 1 } : { ours: 3, kubectl: 1 }));
  await figure(rows, json, 'fleet', async () => {
    const sim = await startSimProcess(SIZES.S.scenario);
    try {
      return await fleetFigure(sim, o.quick ? 1 : 3);
    } finally {
      await sim.stop();
    }
  });
  return { section: { title: `Extension, migration at scale, fleet — ${seconds(started)}`, rows }, json };
}

async function main(): Promise<void> {
  const o = options();
  const started = performance.now();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`istio-canary bench — node ${process.version}, ${os.cpus().length}× ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; sizes ${o.sizes.join(',')}${o.quick ? ' (quick)' : ''}${o.real ? ' +real' : ''}\n`);
  process.stdout.write('Times are median (min–max) over the repetitions; the simulator runs in its own process.\n');
  const loadAtStart = os.loadavg()[0];
  const all: Recorded[] = [];
  for (const name of o.sizes) {
    for (const r of await sizeSection(SIZES[name], o)) {
      process.stdout.write(`${renderSection(r.section)}\n`);
      all.push(r);
    }
  }
  const general = await generalSection(o);
  process.stdout.write(`${renderSection(general.section)}\n`);
  all.push(general);
  const rows = all.flatMap((r) => r.section.rows);
  const misses = rows.filter((r) => r.verdict === 'MISS');
  const wall = (performance.now() - started) / 1000;
  const busy = Math.max(loadAtStart, os.loadavg()[0]) > os.cpus().length;
  process.stdout.write(`\nload average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end on ${os.cpus().length} CPUs${busy ? ' — the machine was busy with other work: absolute times are inflated, ratios of interleaved runs hold better' : ''}\n`);
  process.stdout.write(`${rows.filter((r) => r.verdict === 'PASS').length} PASS, ${misses.length} MISS${misses.length ? `: ${misses.map((m) => m.figure).join('; ')}` : ''} — ${wall.toFixed(0)} s\n`);
  if (o.json) {
    fs.writeFileSync(o.json, JSON.stringify({
      node: process.version, cpus: os.cpus().length, date: new Date().toISOString(), options: o, wallSeconds: wall,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
      sections: all.map((r) => ({ title: r.section.title, rows: r.section.rows, figures: r.json })),
    }, null, 2));
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
