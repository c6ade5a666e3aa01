/**
 * Fourth phase of the e2e run: revision tags and a blue/green gateway switch driven through the tree's context
 * menus in a user session (extension installed, smoke-test driver off), with two simulators in one KUBECONFIG:
 *   sim-tags-prod-canary     set tag qa on 1-8-0, move prod to 1-8-0, remove qa
 *   sim-blue-green-gateways  switch Service istio-gateways/istio-ingressgateway to 1-10-4, then Switch Back
 * Each write is also checked from this process through the project's own kube client.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/codeServer';
import { openIstioSidebar, openWorkbench, screenshot, treeRows, type RigBrowser, type Workbench } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { skippedCheck, uiCheck, type Check } from './checks';
import { driveGatewaySwitch, driveTags } from './lifecycleUi';

export interface LifecyclePhaseOptions {
  browser: RigBrowser;
  extensionPath: string;
  outDir: string;
  checks: Check[];
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

export async function runLifecyclePhase(o: LifecyclePhaseOptions): Promise<void> {
  const sims: RunningSimulator[] = [];
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let tags: RunningSimulator | undefined;
  let gateways: RunningSimulator | undefined;
  try {
    const opened = await uiCheck(o.checks, 'UI lifecycle: a user session loads tags-prod-canary and blue-green-gateways from one KUBECONFIG', async () => {
      const t = Date.now();
      tags = await startSimulator({ scenario: 'tags-prod-canary', port: 0, podReadyDelayMs: 300 });
      sims.push(tags);
      gateways = await startSimulator({ scenario: 'blue-green-gateways', port: 0, podReadyDelayMs: 300 });
      sims.push(gateways);
      const contexts = [tags.contextName, gateways.contextName];
      server = await startCodeServer({
        extensionDevelopmentPath: o.extensionPath,
        linkExtension: true,
        smokeTestDriver: false,
        env: { KUBECONFIG: [tags.kubeconfigPath, gateways.kubeconfigPath].join(path.delimiter) },
        userSettings: { 'istioCanary.contexts': contexts },
        logPath: path.join(o.outDir, 'code-server-lifecycle.log'),
      });
      const folder = path.join(server.scratchDir, 'workspace');
      fs.mkdirSync(folder, { recursive: true });
      workbench = await openWorkbench(`${server.url}/?folder=${encodeURIComponent(folder)}`, { browser: o.browser });
      await openIstioSidebar(workbench.page, 60_000);
      await waitForContexts(workbench.page, contexts, 60_000);
      o.log(`lifecycle phase: workbench loaded in ${(workbench.loadMs / 1000).toFixed(1)} s, both contexts loaded after ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }, async () => workbench && screenshot(workbench.page, 'failed-lifecycle-session'));
    if (!opened || !workbench || !tags || !gateways) {
      skippedCheck(o.checks, 'UI lifecycle: tag set / move / remove and the gateway switch', 'the user session did not load');
      return;
    }
    await driveTags(workbench.page, { context: tags.contextName, kubeconfigPath: tags.kubeconfigPath }, o.checks, o.log);
    await driveGatewaySwitch(workbench.page, { context: gateways.contextName, kubeconfigPath: gateways.kubeconfigPath }, o.checks, o.log);
  } finally {
    await workbench?.close();
    await server?.stop();
    await Promise.allSettled(sims.map((s) => s.stop()));
  }
}
