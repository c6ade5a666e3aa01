/**
 * A revision upgrade the Sail Operator's way (issue 13, istio-model.md M13, M15): change the `Istio`'s
 * `spec.version` (RevisionBased: Sail installs the new revision beside the running one). From a Sail-managed
 * revision node, the Sail node, the install helper or the palette: preview the patch, then Patch / Dry Run.
 */
import * as vscode from 'vscode';
import type { SailIstioView } from '../mesh/model';
import { suggestedVersions } from '../mesh/installPlan';
import { sailVersion, sailVersionChange } from '../mesh/owners/sailWrites';
import type { TreeNode } from '../views/treeNode';
import { RevisionNode } from '../views/revisionNode';
import { SailIstioNode } from '../views/sailNode';
import { sailChangeMarkdown } from '../views/installMarkdown';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { runSailWrites } from './ownerWay';
import { showMarkdown } from './showMarkdown';

/** Sail's default spec.updateStrategy.type: a Kubernetes value, shown as it is. */
const DEFAULT_STRATEGY = 'InPlace';

async function pickIstio(istios: readonly SailIstioView[], context: string): Promise<SailIstioView | undefined> {
  const named = istios.filter((i) => i.name);
  if (named.length <= 1) return named[0];
  const pick = await vscode.window.showQuickPick(named.map((i) => ({ label: i.name, description: `${i.version ?? '?'} · ${i.updateStrategy ?? DEFAULT_STRATEGY}`, istio: i })), { title: vscode.l10n.t('Which Istio of {0}?', context) });
  return pick?.istio;
}

/** `preset`: the cluster and Istio to change (from the install helper); else from the node or picks. */
export async function changeSailVersion(ctx: CommandContext, node?: TreeNode, preset?: { context: string; istio?: string }): Promise<void> {
  const context = preset?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Change the Istio version (Sail)')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const view = cluster.snapshot.owners?.sail;
  if (!view?.istios.some((i) => i.name)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no Sail Istio resource: use Install New Revision… to create one.', context));
    return;
  }
  const fromNode = node instanceof SailIstioNode ? node.istio.name
    : node instanceof RevisionNode ? view.revisions.find((r) => r.name === node.placement.revision.name)?.istio : undefined;
  const wanted = preset?.istio ?? fromNode;
  const istio = wanted ? view.istios.find((i) => i.name === wanted) : await pickIstio(view.istios, context);
  if (!istio) return;
  const suggestion = suggestedVersions(cluster.snapshot)[0];
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('New version for Sail Istio {0} (now {1}, {2})', istio.name, istio.version ?? vscode.l10n.t('unknown'), istio.updateStrategy ?? DEFAULT_STRATEGY),
    prompt: vscode.l10n.t('A version the installed Sail Operator supports, e.g. v1.25.2 (canary upgrades may skip one minor)'),
    value: suggestion ? `v${suggestion}` : '',
    validateInput: (v) => (sailVersion(v) ? null : vscode.l10n.t('A version like v1.25.2')),
  });
  if (!input) return;
  const planned = sailVersionChange(view, istio.name, input);
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.problem, { modal: true });
    return;
  }
  await showMarkdown(sailChangeMarkdown(context, planned.write, planned.note));
  for (;;) {
    const dryRun = vscode.l10n.t('Dry Run');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Change Sail Istio {0} to {1} in {2}?', istio.name, String(planned.write.after), context),
      { modal: true, detail: [planned.write.summary, planned.note ?? '', vscode.l10n.t('Written to the Istio resource (never to what Sail renders); journaled, undoable.')].join('\n\n') },
      vscode.l10n.t('Patch Istio'), dryRun);
    if (!choice) return;
    const outcome = await runSailWrites(ctx, cluster, [planned.write], choice === dryRun, `Istio ${istio.name}`);
    if (choice === dryRun && outcome.status === 'dry run') continue;
    return;
  }
}
