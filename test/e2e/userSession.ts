/**
 * A user session for the later e2e phases: simulators of the given scenarios in one KUBECONFIG, code-server with
 * the extension installed (smoke-test driver off, `istioCanary.contexts` = those contexts), the workbench open on
 * a folder, the Istio sidebar shown and every context loaded. `close()` ends all of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/codeServer';
import { openIstioSidebar, openWorkbench, treeRows, type RigBrowser, type Workbench } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';

export interface PhaseOptions {
  browser: RigBrowser;
  extensionPath: string;
  outDir: string;
  log: (msg: string) => void;
}

/** Waits until the tree's root rows say each context is loaded ("N revisions"). */
export async function waitForContexts(page: Page, contexts: string[], timeoutMs: number): Promise<void> {
  await pollUntil(async () => {
    const rows = await treeRows(page);
    return contexts.every((c) => rows.some((r) => r.level === 1 && r.label === c && /\d+ revisions?/.test(r.description)));
  }, { timeoutMs, what: `context(s) ${contexts.join(', ')} loaded` }).catch(async (e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : e}; rows: ${(await treeRows(page)).map((r) => r.text).join(' | ')}`);
  });
}

/** The extension's journal under the code-server user data (globalStorage/<publisher.name>/journal). */
export function findJournal(userData: string): string | undefined {
  const root = path.join(userData, 'User', 'globalStorage');
  for (const ext of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const file = path.join(root, ext, 'journal', 'journal.jsonl');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

export interface SessionExtras {
  /** Other extension folders installed beside ours (e.g. the Kubernetes extension's test double). */
  extraExtensions?: string[];
  /** User settings over the session's (`istioCanary.connect: all`, `istioCanary.contexts`: the simulators'). */
  settings?: Record<string, unknown>;
}

/** What a phase holds while its session is being opened (so a failure half-way can still be cleaned up). */
export class UserSession {
  readonly sims: RunningSimulator[] = [];
  server?: CodeServer;
  workbench?: Workbench;

  /** Opens the session; `name` names the code-server log and the log line ("lifecycle", "operations"). */
  async open(o: PhaseOptions, name: string, scenarios: string[], podReadyDelayMs: number, extras: SessionExtras = {}): Promise<void> {
    const t = Date.now();
    for (const scenario of scenarios) this.sims.push(await startSimulator({ scenario, port: 0, podReadyDelayMs }));
    const contexts = this.sims.map((s) => s.contextName);
    this.server = await startCodeServer({
      extensionDevelopmentPath: o.extensionPath,
      linkExtension: true,
      smokeTestDriver: false,
      extraExtensions: extras.extraExtensions,
      env: { KUBECONFIG: this.sims.map((s) => s.kubeconfigPath).join(path.delimiter) },
      userSettings: { 'istioCanary.connect': 'all', 'istioCanary.contexts': contexts, ...extras.settings },
      logPath: path.join(o.outDir, `code-server-${name}.log`),
    });
    const folder = path.join(this.server.scratchDir, 'workspace');
    fs.mkdirSync(folder, { recursive: true });
    this.workbench = await openWorkbench(`${this.server.url}/?folder=${encodeURIComponent(folder)}`, { browser: o.browser });
    await openIstioSidebar(this.workbench.page, 60_000);
    await waitForContexts(this.workbench.page, contexts, 60_000);
    o.log(`${name} phase: workbench loaded in ${(this.workbench.loadMs / 1000).toFixed(1)} s, all contexts loaded after ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  async close(): Promise<void> {
    await this.workbench?.close();
    await this.server?.stop();
    await Promise.allSettled(this.sims.map((s) => s.stop()));
  }
}
