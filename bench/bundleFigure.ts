/**
 * Figure 1g: size of the minified extension bundle, built by the project's own scripts/build.mjs --production
 * into a temporary copy (symlinks), and activation time: require() + activate() in a fresh process with a stub vscode.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ms, single, verdict, type Row } from './report';
import { summarize } from './stats';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..');

async function buildMinified(dir: string): Promise<string> {
  for (const entry of ['src', 'node_modules', 'package.json', 'tsconfig.json']) {
    fs.symlinkSync(path.join(REPO, entry), path.join(dir, entry));
  }
  await run(process.execPath, [path.join(REPO, 'scripts', 'build.mjs'), '--production'], { cwd: dir, maxBuffer: 1 << 24 });
  return path.join(dir, 'dist', 'extension.js');
}

export async function bundleFigure(reps: number): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  try {
    const bundle = await buildMinified(dir);
    const bytes = fs.statSync(bundle).size;
    const storage = path.join(dir, 'storage');
    fs.mkdirSync(storage);
    const kubeconfig = path.join(dir, 'no-kubeconfig.yaml');
    const samples: { requireMs: number; activateMs: number; touched: string[] }[] = [];
    for (let i = 0; i < reps; i++) {
      const { stdout } = await run(process.execPath, [path.join(__dirname, 'activationChild.cjs'), bundle, storage, kubeconfig], {
        env: { ...process.env, KUBECONFIG: kubeconfig },
      });
      samples.push(JSON.parse(stdout) as (typeof samples)[number]);
    }
    // The simulator's own bundle, as Try the Demo Mesh loads it the first time it runs.
    const simBundle = path.join(path.dirname(bundle), 'sim.js');
    const simBytes = fs.existsSync(simBundle) ? fs.statSync(simBundle).size : 0;
    const simLoads: number[] = [];
    for (let i = 0; simBytes > 0 && i < reps; i++) {
      const { stdout } = await run(process.execPath, ['-e', `const t = performance.now(); require(${JSON.stringify(simBundle)}); process.stdout.write(String(performance.now() - t));`]);
      simLoads.push(Number(stdout));
    }
    const req = summarize(samples.map((s) => s.requireMs));
    const act = summarize(samples.map((s) => s.activateMs));
    const total = summarize(samples.map((s) => s.requireMs + s.activateMs));
    const touched = [...new Set(samples.flatMap((s) => s.touched))];
    return {
      rows: [
        {
          figure: 'bundle dist/extension.js (minified)', ours: single(bytes / 1024 / 1024, 'MB'), goal: '≤ 2.5 MB', verdict: verdict(bytes <= 2.5 * 1024 * 1024),
          note: simBytes ? `the simulator is dist/sim.js (${(simBytes / 1024 / 1024).toFixed(2)} MB), required only when Try the Demo Mesh runs: ${summarize(simLoads).median.toFixed(0)} ms then (median, fresh process)` : 'no dist/sim.js: the simulator is inside the extension bundle',
        },
        {
          figure: 'activation: require() + activate()', ours: ms(total), goal: '≤ 200 ms', verdict: verdict(total.median <= 200),
          note: `require ${req.median.toFixed(0)} ms + activate ${act.median.toFixed(0)} ms (medians), fresh process each, stub vscode` +
            (touched.length ? `; stub answered unknown members with no-ops: ${touched.join(', ')}` : '; no unknown vscode member touched'),
        },
      ],
      json: { bundleBytes: bytes, simBundleBytes: simBytes, simRequireMs: summarize(simLoads), requireMs: req, activateMs: act, totalMs: total, touched },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
