/**
 * Our commands on the Kubernetes extension's nodes (its Clusters view): Migrate to Revision or Tag… and Show
 * Proxy Versions on a namespace, Reveal in Istio Upgrades on a cluster. The argument is its node, resolved through
 * its API; the context is connected first when it is listed but not connected. Then the same flows as our tree.
 */
import * as vscode from 'vscode';
import { ensureLoaded } from '../host/clusterLoading';
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';
import type { CommandContext } from './commandContext';
import { migrateNamespaces } from './migrateNamespaces';

/** What the command names once its argument is resolved. */
export interface ExplorerSelection {
  context: string;
  namespace?: string;
  revision?: string;
}

/** Its node, or the `{context, revision}` our own rows in its view pass. */
function selection(ctx: CommandContext, target: unknown): ExplorerSelection | undefined {
  const resolved = ctx.kubernetesExplorer?.resolve(target);
  if (resolved) return resolved;
  if (typeof target === 'object' && target !== null && typeof (target as { context?: unknown }).context === 'string') {
    const t = target as { context: string; revision?: unknown };
    return { context: t.context, revision: typeof t.revision === 'string' ? t.revision : undefined };
  }
  return undefined;
}

async function loaded(ctx: CommandContext, target: unknown, what: string): Promise<ExplorerSelection | undefined> {
  const sel = selection(ctx, target);
  if (!sel) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0}: cannot tell which cluster this Kubernetes view node belongs to. Use the Istio Upgrades view instead.', what));
    return undefined;
  }
  const state = await ensureLoaded(ctx, sel.context, ctx.settings().connectTimeoutMs + ctx.settings().requestTimeoutMs * 2);
  if (!state) {
    const s = ctx.settings();
    throw new Error(vscode.l10n.t('context {0} is not in the kubeconfig Istio Upgrades reads ({1}: {2}). Set istioCanary.kubeconfig to include its file.',
      sel.context, s.kubeconfigSource, s.kubeconfigPaths.join(', ')));
  }
  return sel;
}

export async function migrateExplorerNamespace(ctx: CommandContext, target: unknown): Promise<void> {
  const sel = await loaded(ctx, target, vscode.l10n.t('Migrate to Revision or Tag'));
  if (!sel?.namespace) return;
  if (SYSTEM_NAMESPACES.has(sel.namespace)) throw new Error(vscode.l10n.t('{0} is one of Kubernetes\' own namespaces: Istio never injects it.', sel.namespace));
  ctx.tree.readChildren();
  const node = ctx.tree.findNamespace(sel.context, sel.namespace);
  if (!node) {
    const cluster = ctx.fleet().cluster(sel.context);
    throw new Error(cluster?.status === 'error'
      ? vscode.l10n.t('namespace {0} is not in {1} as Istio Upgrades last read it ({2}).', sel.namespace, sel.context, cluster.error?.message ?? '')
      : vscode.l10n.t('namespace {0} is not in {1} as Istio Upgrades last read it.', sel.namespace, sel.context));
  }
  await migrateNamespaces(ctx, node);
}

export async function showExplorerProxyVersions(ctx: CommandContext, target: unknown): Promise<void> {
  const sel = await loaded(ctx, target, vscode.l10n.t('Show Proxy Versions'));
  if (!sel) return;
  const namespaces = sel.namespace ? [sel.namespace] : undefined;
  ctx.showProxyVersions(sel.context, { namespaces }, sel.namespace ? vscode.l10n.t('Proxy versions — {0} / {1}', sel.context, sel.namespace) : vscode.l10n.t('Proxy versions — {0}', sel.context));
}

export async function revealExplorerCluster(ctx: CommandContext, target: unknown): Promise<void> {
  const sel = selection(ctx, target);
  if (!sel) return;
  if (!ctx.fleet().cluster(sel.context)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Istio Upgrades does not list {0}: its kubeconfig comes from {1}.', sel.context, ctx.settings().kubeconfigSource));
    return;
  }
  await ctx.revealCluster(sel.context, sel.revision);
}
