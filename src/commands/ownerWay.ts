/**
 * The owner's way first (UX.md "Next"): before a write to something Helm, Sail, Argo CD or Flux keeps, the preview
 * shows the owner's way and a modal offers it — the Sail write (made here, journaled, undoable), the commands
 * ([Copy Commands] [Run in Terminal]) or the change to commit ([Copy Manifest Change]) — and only then "Edit
 * Anyway…", whose own confirmation (the command's usual modal) is the second one.
 */
import * as vscode from 'vscode';
import { ownerText } from '../mesh/owners/ownerText';
import { routeCommands, routeManifests, routeSailWrites, type OwnerNativeRoute } from '../mesh/owners/ownerRoute';
import { shellCommand } from '../mesh/shellQuote';
import { applySailWrites, undoSailRun, type SailOutcome } from '../upgrade/sailOps';
import type { SailWrite } from '../mesh/owners/sailWrites';
import { ownerRouteMarkdown } from '../views/ownerRouteMarkdown';
import { mdText } from '../mesh/markdownText';
import type { CommandContext } from './commandContext';
import type { LoadedCluster } from './clusterAccess';
import { copyCommands, runCommandsInTerminal, runProblem } from './ownerTerminal';
import { runWithProgress } from './runWithProgress';
import { showMarkdown } from './showMarkdown';

export type OwnerChoice = 'edit-anyway' | 'handled';

export interface OwnerWayRequest {
  /** "Move tag prod to 1-25-1": the preview's title. */
  title: string;
  /** "Tag prod", "Namespace payments": the modal's subject. */
  subject: string;
  context: string;
  cluster: LoadedCluster;
  /** The direct-write button (translated); default "Edit Anyway…". */
  anyway?: string;
  /** False: the caller already showed a preview holding the owner's way. */
  preview?: boolean;
  /** Called after a completed Sail write instead of the default notification (e.g. to offer restarts). */
  afterSail?: (outcome: SailOutcome) => Promise<void>;
}

/** The modal's buttons, translated; a choice is compared with the same value. */
const buttons = () => ({
  copy: vscode.l10n.t('Copy Commands'),
  run: vscode.l10n.t('Run in Terminal'),
  copyYaml: vscode.l10n.t('Copy Manifest Change'),
  dryRun: vscode.l10n.t('Dry Run'),
});

function sailButton(route: OwnerNativeRoute): string | undefined {
  const w = routeSailWrites(route)[0];
  if (!w) return undefined;
  const kind = w.resource === 'istios' ? 'Istio' : 'IstioRevisionTag';
  return w.op === 'delete' ? vscode.l10n.t('Delete {0}', kind) : vscode.l10n.t('Patch {0}', kind);
}

function modalDetail(route: OwnerNativeRoute, context: string): string {
  const commands = routeCommands(route);
  const sail = routeSailWrites(route);
  return [
    vscode.l10n.t('Cluster: {0}', context),
    route.explanation,
    ...(sail.length ? ['', vscode.l10n.t('The extension writes instead:'), ...sail.map((w) => `• ${w.summary}`)] : []),
    ...(commands.length ? ['', vscode.l10n.t('The owner\'s way, in this order:'), ...commands.map((c) => shellCommand(c))] : []),
    ...(routeManifests(route).length && !commands.length ? ['', vscode.l10n.t('The change to commit is in the preview beside the tree.')] : []),
    ...route.hazards.slice(0, 2).map((h) => `⚠ ${h}`),
    ...route.notes.slice(0, 2),
    '',
    vscode.l10n.t('Editing directly: {0}', route.reverts),
  ].join('\n');
}

/** Undoes a Sail run and says how it went. */
export async function undoSail(ctx: CommandContext, cluster: LoadedCluster, runId: string): Promise<void> {
  const undone = await undoSailRun(cluster.client, ctx.journal, runId);
  void (undone.status === 'completed'
    ? vscode.window.showInformationMessage(vscode.l10n.t('Undone: {0}.', undone.results.map((r) => r.write.summary).join('; ')))
    : vscode.window.showErrorMessage(vscode.l10n.t('Undo failed: {0}', undone.error ?? undone.status)));
}

/** Runs Sail writes with progress; reports the result (a real run offers Undo) unless `quiet`. */
export async function runSailWrites(ctx: CommandContext, cluster: LoadedCluster, writes: SailWrite[], dryRun: boolean, target: string, quiet = false): Promise<SailOutcome> {
  const summaries = writes.map((w) => w.summary).join('; ');
  const outcome = await runWithProgress(dryRun ? vscode.l10n.t('Dry run: {0}', summaries) : summaries, (signal) =>
    applySailWrites(cluster.client, writes, { journal: ctx.journal, dryRun, signal, target, onProgress: (m) => ctx.log.info(`[${cluster.client.context}] ${m}`) }));
  const summary = outcome.results.map((r) => `${r.write.summary} — ${r.action}`).join('; ');
  ctx.log.info(`[${cluster.client.context}] Sail write ${outcome.status}: ${summary}${outcome.error ? ` — ${outcome.error}` : ''}`);
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Dry run (server-side): {0}. Nothing was changed.', summary));
  } else if (outcome.status === 'completed') {
    if (!quiet) {
      const undo = vscode.l10n.t('Undo');
      void vscode.window.showInformationMessage(vscode.l10n.t('{0}. Sail re-renders what it owns from it.', summary), undo).then(async (a) => {
        if (a === undo && outcome.runId) await undoSail(ctx, cluster, outcome.runId);
      });
    }
  } else {
    void vscode.window.showErrorMessage(outcome.status === 'failed'
      ? vscode.l10n.t('Sail write failed: {0}', outcome.error ?? '')
      : vscode.l10n.t('Sail write {0}: {1}', outcome.status, outcome.error ?? ''));
  }
  return outcome;
}

/** Shows the owner's way and lets the user take it; 'edit-anyway' when they chose the direct write instead. */
export async function offerOwnerWay(ctx: CommandContext, route: OwnerNativeRoute, req: OwnerWayRequest): Promise<OwnerChoice> {
  if (req.preview !== false) {
    await showMarkdown([`# ${vscode.l10n.t('{0}: the owner\'s way', mdText(req.title))}`, '', ...ownerRouteMarkdown(route, vscode.l10n.t('{0} is kept by its owner', req.subject))].join('\n'));
  }
  const commands = routeCommands(route);
  const manifests = routeManifests(route);
  const sail = sailButton(route);
  const anyway = req.anyway ?? vscode.l10n.t('Edit Anyway…');
  const { copy: COPY, run: RUN, copyYaml: COPY_YAML, dryRun: DRY_RUN } = buttons();
  for (;;) {
    const shown = [
      ...(sail ? [sail, DRY_RUN] : []),
      ...(commands.length ? [COPY, ...(runProblem(commands) ? [] : [RUN])] : []),
      ...(!commands.length && manifests.length ? [COPY_YAML] : []),
      anyway,
    ];
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} is kept by {1}', req.subject, ownerText(route.owner)), { modal: true, detail: modalDetail(route, req.context) }, ...shown);
    if (choice === anyway) return 'edit-anyway';
    if (choice === DRY_RUN) {
      await runSailWrites(ctx, req.cluster, routeSailWrites(route), true, req.subject);
      continue;
    }
    if (choice && choice === sail) {
      const outcome = await runSailWrites(ctx, req.cluster, routeSailWrites(route), false, req.subject, !!req.afterSail);
      if (outcome.status === 'completed' && req.afterSail) await req.afterSail(outcome);
    }
    if (choice === COPY) await copyCommands(commands);
    if (choice === RUN) await runCommandsInTerminal(ctx, req.context, commands);
    if (choice === COPY_YAML) {
      await vscode.env.clipboard.writeText(manifests.map((m) => `# ${m.title}\n${m.text}`).join('\n'));
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied the manifest change (and the alternatives) to the clipboard.'));
    }
    return 'handled';
  }
}

/** Several namespaces owners keep (an Upgrade Wave): one modal for all — copy every change to commit, or relabel anyway. */
export async function offerOwnersWay(ctx: CommandContext, owned: readonly { namespace: string; route: OwnerNativeRoute }[], req: Omit<OwnerWayRequest, 'subject' | 'title'>): Promise<OwnerChoice> {
  if (owned.length === 1) return offerOwnerWay(ctx, owned[0].route, { ...req, title: vscode.l10n.t('Migrate {0}', owned[0].namespace), subject: vscode.l10n.t('Namespace {0}', owned[0].namespace) });
  const anyway = req.anyway ?? vscode.l10n.t('Relabel Anyway…');
  const COPY_YAML = buttons().copyYaml;
  const detail = [
    vscode.l10n.t('Cluster: {0}', req.context),
    ...owned.map((n) => `• ${n.namespace} — ${ownerText(n.route.owner)}: ${n.route.reverts}`),
    '',
    vscode.l10n.t('Their owners put their labels back (GitOps self-heal: from Git), and a restored istio-injection wins over istio.io/rev. The changes to commit are in the preview beside the tree.'),
  ].join('\n');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} namespaces are kept by owners that would revert the relabel', owned.length), { modal: true, detail }, COPY_YAML, anyway);
  if (choice === anyway) return 'edit-anyway';
  if (choice === COPY_YAML) {
    await vscode.env.clipboard.writeText(owned.flatMap((n) => routeManifests(n.route).map((m) => `# ${n.namespace}: ${m.title}\n${m.text}`)).join('\n'));
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the manifest changes of {0} namespaces to the clipboard.', owned.length));
  }
  return 'handled';
}

/** The line a direct write's own confirmation adds when the user chose to edit anyway. */
export function anywayWarning(route: OwnerNativeRoute): string {
  return vscode.l10n.t('⚠ Editing directly what {0} keeps: {1}', ownerText(route.owner), route.reverts);
}
