/** Shared by Migrate and Upgrade Wave: preview → modal confirm → run with progress → report with next steps. */
import * as vscode from 'vscode';
import { ownedNamespaces, type MigrationPlan } from '../mesh/migrationPlan';
import { anywayWarning, offerOwnersWay } from './ownerWay';
import { takeBaseline } from '../mesh/proxyDiff';
import { plural } from '../mesh/plural';
import { runMigration, type MigrateOptions, type MigrationOutcome } from '../upgrade/migrationRunner';
import { outcomeSummary, planMarkdown } from '../views/planMarkdown';
import type { CommandContext } from './commandContext';
import type { LoadedCluster } from './clusterAccess';
import { runWithProgress } from './runWithProgress';
import { showMarkdown } from './showMarkdown';
import { planBlastRadius } from '../upgrade/blastRadiusReads';
import { blastRadiusMarkdown, gatePreviewMarkdown } from '../views/blastRadiusMarkdown';
import { gateTraffic, setUpGate, type GateSetup } from './trafficGateUi';
import { rememberRunPanel } from './runPanel';

export interface ExecuteOptions {
  concurrency?: number;
  stopOnFailure?: boolean;
  title: string;
  /** How to run the plan (default runMigration): a resume runs it as the interrupted run's continuation. */
  run?: (options: MigrateOptions) => Promise<MigrationOutcome>;
  /** The confirm button (default "Migrate"); a resumed rollback or restart offers no "Relabel Only". */
  go?: string;
  relabelOnly?: boolean;
  /** The preview's heading (default "Migrate N namespaces to …"). */
  heading?: string;
  /** The traffic gate of this run (a wave sets its own thresholds); default: from the settings. None for a resume. */
  gate?: GateSetup;
}

export async function executeMigration(ctx: CommandContext, cluster: LoadedCluster, plan: MigrationPlan, o: ExecuteOptions): Promise<MigrationOutcome | undefined> {
  const [radius, gated] = await Promise.all([
    planBlastRadius(cluster.client, cluster.inventory, plan).catch(() => undefined),
    o.run ? undefined : o.gate ?? setUpGate(cluster.client, ctx.settings().gate),
  ]);
  await showMarkdown(planMarkdown(plan, 'preview', o.heading, [...blastRadiusMarkdown(radius), ...(gated ? gatePreviewMarkdown(gated.preview) : [])]));
  // Argo CD / Flux keep these namespaces: refused by default — the change to commit, or "Relabel Anyway…", whose
  // second confirmation is the modal below; the run then watches for the owner putting the labels back.
  const owned = ownedNamespaces(plan);
  if (owned.length && (await offerOwnersWay(ctx, owned, { context: plan.context, cluster, preview: false, anyway: 'Relabel Anyway…' })) === 'handled') return undefined;
  const blocking = plan.warnings.filter((w) => w.severity === 'error');
  const blast = radius?.findings.filter((f) => f.severity === 'warning') ?? [];
  const warnings = plan.warnings.filter((w) => w.severity === 'warning');
  const t = plan.target;
  const names = plan.namespaces.map((n) => n.namespace);
  const restarts = plan.namespaces.reduce((n, ns) => n + ns.restart.length, 0);
  const detail = [
    `Cluster: ${plan.context}`,
    `Namespaces: ${names.join(', ')}`,
    `Target: ${t.name}${t.kind === 'tag' ? ` (tag → ${t.revision})` : ''}, Istio ${t.version ?? 'version unknown'}`,
    `Relabel ${plan.namespaces.filter((n) => n.relabel).length}, restart ${plural(restarts, 'workload')}, then verify.`,
    ...blocking.map((w) => `✖ ${w.message}`),
    ...owned.map((n) => `${anywayWarning(n.route)} The run watches ${n.namespace} for that afterwards.`),
    ...warnings.slice(0, 6).map((w) => `⚠ ${w.message}`),
    ...(blast.length ? [`⚠ Blast radius: ${plural(blast.length, 'finding')} — ${blast.slice(0, 3).map((f) => f.objects[0]).join(', ')}${blast.length > 3 ? ', …' : ''}`] : []),
    ...(gated ? [gated.gate ? `Traffic gate: ${gated.preview.prometheus}, soak ${gated.preview.soakSeconds} s after each namespace.` : `⚠ Traffic gate off: ${gated.preview.off ?? 'no Prometheus'}. Going on means traffic is not checked.`] : []),
    'The preview beside the tree lists every change, the blast radius and the kubectl commands it replaces.',
  ].join('\n');
  const go = `${o.go ?? 'Migrate'}${blocking.length ? ' Anyway' : ''}`;
  const buttons = [go, ...(o.relabelOnly === false ? [] : ['Relabel Only']), 'Dry Run'];
  const choice = await vscode.window.showWarningMessage(`${o.title}: ${plural(names.length, 'namespace')} in ${plan.context} to ${t.name}?`, { modal: true, detail }, ...buttons);
  if (!choice) return undefined;
  const dryRun = choice === 'Dry Run';
  const relabelOnly = choice === 'Relabel Only';
  const baseline = takeBaseline(cluster.snapshot, { namespaces: names });
  const outcome = await runWithProgress(`${dryRun ? 'Dry run: ' : ''}${o.title} → ${t.name}`, (signal, onProgress, onNotice) =>
    (o.run ?? ((opts) => runMigration({ client: cluster.client, journal: ctx.journal }, plan, opts)))({
      dryRun, relabelOnly, signal, concurrency: o.concurrency, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs, syncz: ctx.settings().verifyWithSyncz, stopOnFailure: o.stopOnFailure,
      gate: dryRun ? undefined : gated?.gate,
      onProgress: (e) => {
        ctx.log.info(`[${plan.context}] ${e.namespace}: ${e.step} ${e.message}`);
        onProgress(e);
      },
      onNotice: (m) => {
        ctx.log.warn(`[${plan.context}] ${m}`);
        onNotice(m);
      },
    }));
  if (!dryRun) rememberRunPanel(ctx, { context: plan.context, scope: { namespaces: names }, title: `Proxy versions — ${plan.context} / ${names.join(', ')}`, baseline, traffic: gateTraffic(outcome) });
  reportOutcome(ctx, plan.context, outcome);
  return outcome;
}

export function reportOutcome(ctx: CommandContext, context: string, outcome: MigrationOutcome): void {
  for (const w of outcome.warnings ?? []) void vscode.window.showWarningMessage(`${context}: ${w}`);
  const summary = outcomeSummary(outcome);
  ctx.log.info(`[${context}] ${summary}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
  // Roll Back only where labels changed (a plain restart has nothing to restore).
  const relabelled = outcome.namespaces.some((n) => n.relabel?.changed && !n.relabel.dryRun);
  const actions = outcome.runId && outcome.status !== 'dry run' ? [...(relabelled ? ['Roll Back'] : []), 'Show Journal'] : [];
  const show = outcome.status === 'completed' || outcome.status === 'dry run'
    ? vscode.window.showInformationMessage(summary, ...actions)
    : vscode.window.showErrorMessage(summary, ...actions);
  void show.then((a) => {
    if (a === 'Roll Back') void vscode.commands.executeCommand('istioCanary.rollBack', undefined, undefined, outcome.runId);
    if (a === 'Show Journal') void vscode.commands.executeCommand('istioCanary.showJournal');
  });
}
