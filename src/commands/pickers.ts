/** Quick picks shared by the commands: cluster → namespace(s) → target, when not started from a tree node. */
import * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import type { ClusterState } from '../fleet/clusterState';
import type { MeshSnapshot, NamespaceBinding } from '../mesh/model';
import { byCount, plural } from '../mesh/plural';

/** The clusters a command can work on: loaded, with Istio. */
export function readyClusters(fleet: Fleet): ClusterState[] {
  return fleet.clusters().filter((c) => c.status === 'ready' && c.snapshot && c.snapshot.revisions.length > 0);
}

export const NO_CLUSTER_MESSAGE = 'No cluster with Istio is loaded. Check the Istio Upgrades view.';

export function clusterItems(ready: readonly ClusterState[]): (vscode.QuickPickItem & { value: string })[] {
  return ready.map((c) => ({ label: c.context, value: c.context, description: `${c.isCurrent ? 'current context · ' : ''}${c.snapshot?.revisions.map((r) => `${r.name} ${r.version ?? ''}`.trim()).join(', ')}` }));
}

export async function pickCluster(fleet: Fleet, title: string): Promise<string | undefined> {
  const ready = readyClusters(fleet);
  if (ready.length === 0) {
    void vscode.window.showWarningMessage(NO_CLUSTER_MESSAGE);
    return undefined;
  }
  if (ready.length === 1) return ready[0].context;
  const pick = await vscode.window.showQuickPick(clusterItems(ready), { title, placeHolder: 'Cluster' });
  return pick?.value;
}

function bindingText(ns: NamespaceBinding): string {
  if (ns.state === 'bound' && ns.target) return ns.target.tag ? `tag ${ns.target.tag} → ${ns.target.revision}` : ns.target.revision;
  return ns.state === 'disabled' ? 'istio-injection=disabled' : ns.state === 'dangling' ? ns.reason : 'not in mesh';
}

export function namespaceItems(snapshot: MeshSnapshot, filter: (ns: NamespaceBinding) => boolean = () => true): (vscode.QuickPickItem & { value: string })[] {
  return snapshot.namespaces.filter(filter).map((ns) => {
    const stale = ns.workloads.reduce((n, w) => n + w.pods.filter((p) => p.needsRestart).length, 0);
    return { label: ns.name, value: ns.name, description: bindingText(ns), detail: stale ? `⚠ ${plural(stale, 'pod')} ${byCount(stale, 'needs', 'need')} a restart` : undefined };
  });
}

export const NO_NAMESPACE_MESSAGE = 'No namespace fits.';

export async function pickNamespaces(snapshot: MeshSnapshot, title: string, filter: (ns: NamespaceBinding) => boolean = () => true): Promise<string[] | undefined> {
  const items = namespaceItems(snapshot, filter);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(NO_NAMESPACE_MESSAGE);
    return undefined;
  }
  const picks = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: 'Namespaces (pick one or more)', matchOnDescription: true });
  return picks?.length ? picks.map((p) => p.label) : undefined;
}

/** Tags first (moving onto a tag is the recommended way), then revisions; the current target is marked. */
export function targetItems(snapshot: MeshSnapshot, current: ReadonlySet<string>): (vscode.QuickPickItem & { value?: string })[] {
  const version = (rev: string): string => snapshot.revisions.find((r) => r.name === rev)?.version ?? 'version unknown';
  const items: (vscode.QuickPickItem & { value?: string })[] = [];
  if (snapshot.tags.length) {
    items.push({ label: 'Tags', kind: vscode.QuickPickItemKind.Separator });
    for (const t of snapshot.tags) {
      items.push({ label: `$(tag) ${t.name} → ${t.revision}`, description: `tag · ${version(t.revision)}${current.has(t.name) ? ' · current' : ''}`, value: t.name });
    }
  }
  items.push({ label: 'Revisions', kind: vscode.QuickPickItemKind.Separator });
  for (const r of snapshot.revisions) {
    items.push({ label: `$(circle-large-filled) ${r.name}`, description: `${r.version ?? 'version unknown'}${r.isDefault ? ' · default' : ''}${current.has(r.name) ? ' · current' : ''}`, detail: r.readyReplicas === 0 && !r.external ? '⚠ istiod has no ready replica' : undefined, value: r.name });
  }
  return items;
}

export async function pickTarget(snapshot: MeshSnapshot, current: Set<string>, title: string): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(targetItems(snapshot, current), { title, placeHolder: 'Target revision or tag' });
  return pick?.value;
}
