/** Shared by Migrate and Upgrade Wave: preview → modal confirm → run with progress → report with next steps. */
import * as vscode from 'vscode';
import { ownedNamespaces, type MigrationPlan } from '../mesh/migrationPlan';
import { anywayWarning, offerOwnersWay } from './ownerWay';
import { takeBaseline } from '../mesh/proxyDiff';
import { countText } from '../views/countText';
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
  /** The confirm button, translated, plain and when errors need an "anyway" (default "Migrate" / "Migrate Anyway"); a resumed rollback or restart offers no "Relabel Only". */
  go?: { plain: string; anyway: string };
  relabelOnly?: boolean;
  /** The preview's heading (default "Migrate N namespaces to …"). */
  heading?: string;
  /** The traffic gate of this run (a wave sets its own thresholds); default: from the settings. None for a resume. */
  gate?: GateSetup;
}

function blastLine(blast: readonly { objects: readonly string[] }[]): string {
  const objects = `${blast.slice(0, 3).map((f) => f.objects[0]).join(', ')}${blast.length > 3 ? ', …' : ''}`;
  return countText(blast.length, (n) => vscode.l10n.t('⚠ Blast radius: {0} finding — {1}', n, objects), (n) => vscode.l10n.t('⚠ Blast radius: {0} findings — {1}', n, objects));
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
  if (owned.length && (await offerOwnersWay(ctx, owned, { context: plan.context, cluster, preview: false, anyway: vscode.l10n.t('Relabel Anyway…') })) === 'handled') return undefined;
  const blocking = plan.warnings.filter((w) => w.severity === 'error');
  const blast = radius?.findings.filter((f) => f.severity === 'warning') ?? [];
  const warnings = plan.warnings.filter((w) => w.severity === 'warning');
  const t = plan.target;
  const names = plan.namespaces.map((n) => n.namespace);
  const restarts = plan.namespaces.reduce((n, ns) => n + ns.restart.length, 0);
  const detail = [
    vscode.l10n.t('Cluster: {0}', plan.context),
    vscode.l10n.t('Namespaces: {0}', names.join(', ')),
    t.kind === 'tag'
      ? vscode.l10n.t('Target: {0} (tag → {1}), Istio {2}', t.name, t.revision, t.version ?? vscode.l10n.t('version unknown'))
      : vscode.l10n.t('Target: {0}, Istio {1}', t.name, t.version ?? vscode.l10n.t('version unknown')),
    countText(restarts,
      (n) => vscode.l10n.t('Relabel {0}, restart {1} workload, then verify.', plan.namespaces.filter((x) => x.relabel).length, n),
      (n) => vscode.l10n.t('Relabel {0}, restart {1} workloads, then verify.', plan.namespaces.filter((x) => x.relabel).length, n)),
    ...blocking.map((w) => `✖ ${w.message}`),
    ...owned.map((n) => `${anywayWarning(n.route)} ${vscode.l10n.t('The run watches {0} for that afterwards.', n.namespace)}`),
    ...warnings.slice(0, 6).map((w) => `⚠ ${w.message}`),
    ...(blast.length ? [blastLine(blast)] : []),
    ...(gated ? [gated.gate
      ? vscode.l10n.t('Traffic gate: {0}, soak {1} s after each namespace.', gated.preview.prometheus ?? '', gated.preview.soakSeconds)
      : vscode.l10n.t('⚠ Traffic gate off: {0}. Going on means traffic is not checked.', gated.preview.off ?? vscode.l10n.t('no Prometheus'))] : []),
    vscode.l10n.t('The preview beside the tree lists every change, the blast radius and the kubectl commands it replaces.'),
  ].join('\n');
  const goButtons = o.go ?? { plain: vscode.l10n.t('Migrate'), anyway: vscode.l10n.t('Migrate Anyway') };
  const go = blocking.length ? goButtons.anyway : goButtons.plain;
  const relabelOnlyButton = vscode.l10n.t('Relabel Only');
  const dryRunButton = vscode.l10n.t('Dry Run');
  const buttons = [go, ...(o.relabelOnly === false ? [] : [relabelOnlyButton]), dryRunButton];
  const question = countText(names.length,
    (n) => vscode.l10n.t('{0}: {1} namespace in {2} to {3}?', o.title, n, plan.context, t.name),
    (n) => vscode.l10n.t('{0}: {1} namespaces in {2} to {3}?', o.title, n, plan.context, t.name));
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, ...buttons);
  if (!choice) return undefined;
  const dryRun = choice === dryRunButton;
  const relabelOnly = choice === relabelOnlyButton;
  const baseline = takeBaseline(cluster.snapshot, { namespaces: names });
  const title = dryRun ? vscode.l10n.t('Dry run: {0} → {1}', o.title, t.name) : `${o.title} → ${t.name}`;
  const outcome = await runWithProgress(title, (signal, onProgress, onNotice) =>
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
  if (!dryRun) rememberRunPanel(ctx, { context: plan.context, scope: { namespaces: names }, title: vscode.l10n.t('Proxy versions — {0} / {1}', plan.context, names.join(', ')), baseline, traffic: gateTraffic(outcome) });
  reportOutcome(ctx, plan.context, outcome);
  return outcome;
}

export function reportOutcome(ctx: CommandContext, context: string, outcome: MigrationOutcome): void {
  for (const w of outcome.warnings ?? []) void vscode.window.showWarningMessage(`${context}: ${w}`);
  const summary = outcomeSummary(outcome);
  ctx.log.info(`[${context}] ${summary}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
  // Roll Back only where labels changed (a plain restart has nothing to restore).
  const relabelled = outcome.namespaces.some((n) => n.relabel?.changed && !n.relabel.dryRun);
  const rollBackButton = vscode.l10n.t('Roll Back');
  const showJournal = vscode.l10n.t('Show Journal');
  const actions = outcome.runId && outcome.status !== 'dry run' ? [...(relabelled ? [rollBackButton] : []), showJournal] : [];
  const show = outcome.status === 'completed' || outcome.status === 'dry run'
    ? vscode.window.showInformationMessage(summary, ...actions)
    : vscode.window.showErrorMessage(summary, ...actions);
  void show.then((a) => {
    if (a === rollBackButton) void vscode.commands.executeCommand('istioCanary.rollBack', undefined, undefined, outcome.runId);
    if (a === showJournal) void vscode.commands.executeCommand('istioCanary.showJournal');
  });
}
