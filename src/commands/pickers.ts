/** Quick picks shared by the commands: cluster → namespace(s) → target, when not started from a tree node. */
import * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import type { ClusterState } from '../fleet/clusterState';
import type { MeshSnapshot, NamespaceBinding } from '../mesh/model';
import { countText } from '../views/countText';
import { currentContextText } from '../views/nodeText';

/** The clusters a command can work on: loaded, with Istio. */
export function readyClusters(fleet: Fleet): ClusterState[] {
  return fleet.clusters().filter((c) => c.status === 'ready' && c.snapshot && c.snapshot.revisions.length > 0);
}

export const noClusterMessage = (): string => vscode.l10n.t('No cluster with Istio is loaded. Check the Istio Upgrades view.');

export function clusterItems(ready: readonly ClusterState[]): (vscode.QuickPickItem & { value: string })[] {
  return ready.map((c) => {
    const revisions = c.snapshot?.revisions.map((r) => `${r.name} ${r.version ?? ''}`.trim()).join(', ') ?? '';
    return { label: c.context, value: c.context, description: c.isCurrent ? `${currentContextText()} · ${revisions}` : revisions };
  });
}

export async function pickCluster(fleet: Fleet, title: string): Promise<string | undefined> {
  const ready = readyClusters(fleet);
  if (ready.length === 0) {
    void vscode.window.showWarningMessage(noClusterMessage());
    return undefined;
  }
  if (ready.length === 1) return ready[0].context;
  const pick = await vscode.window.showQuickPick(clusterItems(ready), { title, placeHolder: vscode.l10n.t('Cluster') });
  return pick?.value;
}

function bindingText(ns: NamespaceBinding): string {
  if (ns.state === 'bound' && ns.target) return ns.target.tag ? vscode.l10n.t('tag {0} → {1}', ns.target.tag, ns.target.revision) : ns.target.revision;
  return ns.state === 'disabled' ? 'istio-injection=disabled' : ns.state === 'dangling' ? ns.reason : vscode.l10n.t('not in mesh');
}

export function namespaceItems(snapshot: MeshSnapshot, filter: (ns: NamespaceBinding) => boolean = () => true): (vscode.QuickPickItem & { value: string })[] {
  return snapshot.namespaces.filter(filter).map((ns) => {
    const stale = ns.workloads.reduce((n, w) => n + w.pods.filter((p) => p.needsRestart).length, 0);
    const detail = stale ? countText(stale, (n) => vscode.l10n.t('⚠ {0} pod needs a restart', n), (n) => vscode.l10n.t('⚠ {0} pods need a restart', n)) : undefined;
    return { label: ns.name, value: ns.name, description: bindingText(ns), detail };
  });
}

export const noNamespaceMessage = (): string => vscode.l10n.t('No namespace fits.');

export async function pickNamespaces(snapshot: MeshSnapshot, title: string, filter: (ns: NamespaceBinding) => boolean = () => true): Promise<string[] | undefined> {
  const items = namespaceItems(snapshot, filter);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(noNamespaceMessage());
    return undefined;
  }
  const picks = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: vscode.l10n.t('Namespaces (pick one or more)'), matchOnDescription: true });
  return picks?.length ? picks.map((p) => p.label) : undefined;
}

/** Tags first (moving onto a tag is the recommended way), then revisions; the current target is marked. */
export function targetItems(snapshot: MeshSnapshot, current: ReadonlySet<string>): (vscode.QuickPickItem & { value?: string })[] {
  const version = (rev: string): string => snapshot.revisions.find((r) => r.name === rev)?.version ?? vscode.l10n.t('version unknown');
  const currentText = (name: string): string[] => (current.has(name) ? [vscode.l10n.t('current')] : []);
  const items: (vscode.QuickPickItem & { value?: string })[] = [];
  if (snapshot.tags.length) {
    items.push({ label: vscode.l10n.t('Tags'), kind: vscode.QuickPickItemKind.Separator });
    for (const t of snapshot.tags) {
      items.push({ label: `$(tag) ${t.name} → ${t.revision}`, description: [vscode.l10n.t('tag'), version(t.revision), ...currentText(t.name)].join(' · '), value: t.name });
    }
  }
  items.push({ label: vscode.l10n.t('Revisions'), kind: vscode.QuickPickItemKind.Separator });
  for (const r of snapshot.revisions) {
    items.push({
      label: `$(circle-large-filled) ${r.name}`,
      description: [r.version ?? vscode.l10n.t('version unknown'), ...(r.isDefault ? [vscode.l10n.t('default')] : []), ...currentText(r.name)].join(' · '),
      detail: r.readyReplicas === 0 && !r.external ? vscode.l10n.t('⚠ istiod has no ready replica') : undefined,
      value: r.name,
    });
  }
  return items;
}

export async function pickTarget(snapshot: MeshSnapshot, current: Set<string>, title: string): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(targetItems(snapshot, current), { title, placeHolder: vscode.l10n.t('Target revision or tag') });
  return pick?.value;
}
