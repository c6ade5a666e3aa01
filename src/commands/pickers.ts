/** Quick picks shared by the commands: cluster → namespace(s) → target, when not started from a tree node. */
import * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import type { MeshSnapshot, NamespaceBinding } from '../mesh/model';
import { byCount, plural } from '../mesh/plural';

export async function pickCluster(fleet: Fleet, title: string): Promise<string | undefined> {
  const ready = fleet.clusters().filter((c) => c.status === 'ready' && c.snapshot && c.snapshot.revisions.length > 0);
  if (ready.length === 0) {
    void vscode.window.showWarningMessage('No cluster with Istio is loaded. Check the Istio Upgrades view.');
    return undefined;
  }
  if (ready.length === 1) return ready[0].context;
  const pick = await vscode.window.showQuickPick(
    ready.map((c) => ({ label: c.context, description: `${c.isCurrent ? 'current context · ' : ''}${c.snapshot?.revisions.map((r) => `${r.name} ${r.version ?? ''}`.trim()).join(', ')}` })),
    { title, placeHolder: 'Cluster' },
  );
  return pick?.label;
}

function bindingText(ns: NamespaceBinding): string {
  if (ns.state === 'bound' && ns.target) return ns.target.tag ? `tag ${ns.target.tag} → ${ns.target.revision}` : ns.target.revision;
  return ns.state === 'disabled' ? 'istio-injection=disabled' : ns.state === 'dangling' ? ns.reason : 'not in mesh';
}

export async function pickNamespaces(snapshot: MeshSnapshot, title: string, filter: (ns: NamespaceBinding) => boolean = () => true): Promise<string[] | undefined> {
  const items = snapshot.namespaces.filter(filter).map((ns) => {
    const stale = ns.workloads.reduce((n, w) => n + w.pods.filter((p) => p.needsRestart).length, 0);
    return { label: ns.name, description: bindingText(ns), detail: stale ? `⚠ ${plural(stale, 'pod')} ${byCount(stale, 'needs', 'need')} a restart` : undefined };
  });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No namespace fits.');
    return undefined;
  }
  const picks = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: 'Namespaces (pick one or more)', matchOnDescription: true });
  return picks?.length ? picks.map((p) => p.label) : undefined;
}

/** Tags first (moving onto a tag is the recommended way), then revisions; the current target is marked. */
export async function pickTarget(snapshot: MeshSnapshot, current: Set<string>, title: string): Promise<string | undefined> {
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
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Target revision or tag' });
  return pick?.value;
}
