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

async function pickIstio(istios: readonly SailIstioView[], context: string): Promise<SailIstioView | undefined> {
  const named = istios.filter((i) => i.name);
  if (named.length <= 1) return named[0];
  const pick = await vscode.window.showQuickPick(named.map((i) => ({ label: i.name, description: `${i.version ?? '?'} · ${i.updateStrategy ?? 'InPlace'}`, istio: i })), { title: `Which Istio of ${context}?` });
  return pick?.istio;
}

/** `preset`: the cluster and Istio to change (from the install helper); else from the node or picks. */
export async function changeSailVersion(ctx: CommandContext, node?: TreeNode, preset?: { context: string; istio?: string }): Promise<void> {
  const context = preset?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Change the Istio version (Sail)'));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const view = cluster.snapshot.owners?.sail;
  if (!view?.istios.some((i) => i.name)) {
    void vscode.window.showInformationMessage(`${context} has no Sail Istio resource: use Install New Revision… to create one.`);
    return;
  }
  const fromNode = node instanceof SailIstioNode ? node.istio.name
    : node instanceof RevisionNode ? view.revisions.find((r) => r.name === node.placement.revision.name)?.istio : undefined;
  const wanted = preset?.istio ?? fromNode;
  const istio = wanted ? view.istios.find((i) => i.name === wanted) : await pickIstio(view.istios, context);
  if (!istio) return;
  const suggestion = suggestedVersions(cluster.snapshot)[0];
  const input = await vscode.window.showInputBox({
    title: `New version for Sail Istio ${istio.name} (now ${istio.version ?? 'unknown'}, ${istio.updateStrategy ?? 'InPlace'})`,
    prompt: 'A version the installed Sail Operator supports, e.g. v1.25.2 (canary upgrades may skip one minor)',
    value: suggestion ? `v${suggestion}` : '',
    validateInput: (v) => (sailVersion(v) ? null : 'A version like v1.25.2'),
  });
  if (!input) return;
  const planned = sailVersionChange(view, istio.name, input);
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.problem, { modal: true });
    return;
  }
  await showMarkdown(sailChangeMarkdown(context, planned.write, planned.note));
  for (;;) {
    const choice = await vscode.window.showWarningMessage(`Change Sail Istio ${istio.name} to ${planned.write.after} in ${context}?`,
      { modal: true, detail: [planned.write.summary, planned.note ?? '', 'Written to the Istio resource (never to what Sail renders); journaled, undoable.'].join('\n\n') },
      'Patch Istio', 'Dry Run');
    if (!choice) return;
    const outcome = await runSailWrites(ctx, cluster, [planned.write], choice === 'Dry Run', `Istio ${istio.name}`);
    if (choice === 'Dry Run' && outcome.status === 'dry run') continue;
    return;
  }
}
