/**
 * `--ui`: the tree in a real VS Code (code-server + headless chromium, the e2e rig) on the size's simulator.
 * Measures how long the sidebar takes to show the revisions after the workbench opened, and — the user's view of
 * the watch latency — from an external `kubectl label ns` (moving a namespace to another revision) until the
 * source revision's row shows the new namespace count. Needs dist/ (npm run build) and the cached rigs.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { openIstioSidebar, openWorkbench, screenshot } from '../scripts/vscode/browser';
import { codeServerEntry, startCodeServer } from '../scripts/vscode/codeServer';
import { kubectl, kubectlAvailable, kubectlPath } from './kubectl';
import { ms, single, text, verdict, type Row } from './report';
import type { SimEndpoint } from './simProcess';
import { summarize } from './stats';

const ROOT = path.join(__dirname, '..');
const execFileAsync = promisify(execFile);

interface RevisionRow { name: string; label: string; text: string }

async function revisionRows(page: Page): Promise<RevisionRow[]> {
  const rows = await page.locator('.part.sidebar .monaco-list-row').evaluateAll((els) =>
    els.map((e) => ({ label: e.getAttribute('aria-label') ?? '', text: e.textContent ?? '' })));
  return rows.flatMap((r) => {
    const m = /^revision (\S+),/.exec(r.label);
    return m ? [{ name: m[1], ...r }] : [];
  });
}

/** Until the row of `revision` no longer reads `before` (read from the page every ~10 ms). */
async function rowChange(page: Page, revision: string, before: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const row = (await revisionRows(page)).find((r) => r.name === revision);
    if (row && row.text !== before) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the row of revision ${revision} did not change within ${timeoutMs} ms`);
}

function rigsReady(): string | undefined {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) return 'dist/extension.js missing (npm run build)';
  try {
    codeServerEntry();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return kubectlAvailable() ? undefined : 'kubectl 1.20 missing (scripts/rig/build-kube.sh)';
}

export async function uiTreeFigure(sim: SimEndpoint, reps: number, judged = false): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const missing = rigsReady();
  if (missing) {
    return { rows: [{ figure: 'real VS Code tree', ours: text(`skipped: ${missing}`), goal: '', verdict: 'info' }], json: { skipped: missing } };
  }
  const cacheDir = fs.mkdtempSync(path.join(sim.kubeconfigPath, '..', 'kubectl-ui-'));
  const cs = await startCodeServer({ extensionDevelopmentPath: ROOT, env: { KUBECONFIG: sim.kubeconfigPath }, linkExtension: true, userSettings: {} });
  const wb = await openWorkbench(`${cs.url}/`);
  const page = wb.page;
  try {
    const opened = performance.now();
    await openIstioSidebar(page, 180_000);
    // Opening the view is what activates the extension (onView activation).
    const activated = performance.now();
    const deadline = performance.now() + 180_000;
    let firstShot: string | undefined;
    while ((await revisionRows(page)).length === 0) {
      if (performance.now() > deadline) throw new Error('no revision row within 180 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const firstRows = performance.now() - opened;
    const firstAfterActivation = performance.now() - activated;
    const progressive = (await revisionRows(page)).some((r) => r.text.includes('counting proxies'));
    if (progressive) firstShot = await screenshot(page, 'bench-progressive-tree-counting');
    // Mid-way: the pods' pages are streaming in, rows show the proxies counted so far.
    let partialShot: string | undefined;
    let firstCountsAfterActivation: number | undefined;
    for (;;) {
      const rows = await revisionRows(page);
      if (!rows.some((r) => r.text.includes('counting proxies'))) break;
      if (performance.now() > deadline) throw new Error('proxies still being counted after 180 s');
      if (firstCountsAfterActivation === undefined && rows.some((r) => r.text.includes('so far'))) {
        firstCountsAfterActivation = performance.now() - activated;
        partialShot = await screenshot(page, 'bench-progressive-tree-partial');
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const countsAfterActivation = performance.now() - activated;
    const fullShot = await screenshot(page, 'bench-progressive-tree-counted');
    const revisions = await revisionRows(page);
    if (revisions.length < 2) throw new Error(`expected 2+ revision rows, saw ${revisions.map((r) => r.name).join(', ')}`);
    const [from, to] = revisions;
    // Namespaces bound to `from` by istio.io/rev: each repetition moves the next one to `to`.
    const names = await namespacesOf(sim.kubeconfigPath, from.name);
    if (names.length === 0) throw new Error(`no namespace is labelled istio.io/rev=${from.name}`);
    const samples: number[] = [];
    for (let i = 0; i < reps && i < names.length; i++) {
      const before = (await revisionRows(page)).find((r) => r.name === from.name)?.text ?? '';
      const started = performance.now();
      const run = await kubectl(['label', 'ns', names[i], `istio.io/rev=${to.name}`, '--overwrite'], sim.kubeconfigPath, cacheDir);
      if (run.code !== 0) throw new Error(`kubectl label failed: ${run.stderr}`);
      await rowChange(page, from.name, before, 10_000);
      samples.push(performance.now() - started);
    }
    const latency = summarize(samples);
    return {
      rows: [
        {
          figure: 'real VS Code: kubectl label ns → revision row updated', ours: ms(latency), goal: '≤ 1 s', verdict: verdict(latency.max <= 1000),
          note: `code-server + headless chromium; from kubectl start (its own process start and PATCH included) until ${from.name}'s row shows the new count (read from the page every ~10 ms); ${samples.length} namespaces moved ${from.name} → ${to.name}`,
        },
        {
          figure: 'real VS Code: revisions, tags, namespaces visible after activation', ours: { value: firstAfterActivation, unit: 'ms' },
          goal: judged ? '≤ 1.5 s' : '≤ 1.5 s (at L)', verdict: judged ? verdict(firstAfterActivation <= 1500) : 'info',
          note: `from the Istio view opening (which activates the extension) until the first revision row; ${progressive ? `shown while the pods were still listed ("counting proxies…", ${path.relative(ROOT, firstShot ?? '')}), ${firstCountsAfterActivation === undefined ? '' : `first counts "so far" ${(firstCountsAfterActivation / 1000).toFixed(1)} s after activation (${path.relative(ROOT, partialShot ?? '')}), `}counts filled in ${(countsAfterActivation / 1000).toFixed(1)} s after activation (${path.relative(ROOT, fullShot)})` : `the counts were already there (${path.relative(ROOT, fullShot)})`}; ${(firstRows / 1000).toFixed(1)} s after the workbench opened`,
        },
        ...(firstCountsAfterActivation === undefined ? [] : [{
          figure: 'real VS Code: first proxy counts (so far) after activation', ours: single(firstCountsAfterActivation, 'ms'), goal: 'info', verdict: 'info',
        } satisfies Row]),
        {
          figure: 'real VS Code: proxy counts filled in after activation', ours: { value: countsAfterActivation, unit: 'ms' }, goal: 'info', verdict: 'info',
        },
      ],
      json: { latencyMs: latency, samples, firstRowsMs: firstRows, firstAfterActivationMs: firstAfterActivation, firstCountsAfterActivationMs: firstCountsAfterActivation, countsAfterActivationMs: countsAfterActivation, progressive, from: from.name, to: to.name },
    };
  } finally {
    await wb.close();
    await cs.stop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function namespacesOf(kubeconfigPath: string, revision: string): Promise<string[]> {
  const { stdout } = await execFileAsync(kubectlPath(), ['get', 'ns', '-l', `istio.io/rev=${revision}`, '-o', 'jsonpath={.items[*].metadata.name}'], {
    env: { ...process.env, KUBECONFIG: kubeconfigPath },
  });
  return stdout.split(/\s+/).filter(Boolean);
}
