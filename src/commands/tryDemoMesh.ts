import * as vscode from 'vscode';
import type { RunningSimulator } from '../sim/demoEntry';
import type { CommandContext } from './commandContext';

const DESCRIPTIONS = (): Record<string, string> => ({
  'canary-1-6-to-1-7': vscode.l10n.t('istiod 1.6.14 (default) + canary 1.7.0; demo-a/demo-b on istio-injection=enabled'),
  'tags-prod-canary': vscode.l10n.t('revisions 1-7-6 / 1-8-0 with tags prod and canary'),
  'blue-green-gateways': vscode.l10n.t('revisions 1-9-7 / 1-10-4 with a gateway per revision'),
  'mid-upgrade': vscode.l10n.t('every edge case: stale proxies, conflicts, dangling labels, bare pods…'),
  'helm-canary': vscode.l10n.t('Helm releases istiod-1-24-3 / istiod-1-25-1 with their tags, a Helm gateway'),
  'sail-revision-based': vscode.l10n.t('Sail Operator: Istio upgraded 1.24.3 → 1.25.1 (RevisionBased), default tag'),
  gitops: vscode.l10n.t('namespaces kept by Argo CD and Flux (self-heal puts labels back)'),
  'traffic-gate': vscode.l10n.t('tags-prod-canary with a Prometheus: 1-8-0 answers 5 % 503s on a/cart, so the traffic gate stops a wave'),
  'blast-radius': vscode.l10n.t('shop with every blast-radius finding: PDBs, single replicas, no readiness probe, OnDelete, HPA at max, Jobs'),
});

const running: RunningSimulator[] = [];

/**
 * Starts the built-in Kubernetes API simulator with an Istio scenario on loopback and adds its kubeconfig to
 * this window (the user's kubeconfig files are not touched). Stops with the window.
 */
export async function tryDemoMesh(ctx: CommandContext): Promise<void> {
  // The simulator is a bundle of its own (dist/sim.js): loaded the first time the demo runs, never at activation.
  const { scenarioNames, startSimulator } = await import('../sim/demoEntry');
  const descriptions = DESCRIPTIONS();
  const pick = await vscode.window.showQuickPick(
    scenarioNames().filter((n) => descriptions[n]).map((n) => ({ label: n, description: descriptions[n] })),
    { title: vscode.l10n.t('Try the demo mesh: a local simulated cluster with Istio revisions') },
  );
  if (!pick) return;
  const sim = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the demo mesh ({0})', pick.label) },
    () => startSimulator({ scenario: pick.label, port: 0, podReadyDelayMs: 800 }));
  running.push(sim);
  ctx.log.info(`demo mesh ${pick.label} at ${sim.url}; kubeconfig ${sim.kubeconfigPath}`);
  await ctx.addKubeconfig(sim.kubeconfigPath);
  void vscode.window.showInformationMessage(vscode.l10n.t('Demo mesh "{0}" is running as context {1}. Right-click a namespace to migrate it.', pick.label, sim.contextName));
}

export async function stopDemoMeshes(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.stop().catch(() => undefined)));
}
