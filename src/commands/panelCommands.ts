/** The Proxy versions panel's editor-title actions: they act on the panel in the active editor. */
import * as vscode from 'vscode';
import { ProxyVersionsPanel } from '../webview/proxyVersionsPanel';

function activePanel(): ProxyVersionsPanel | undefined {
  const panel = ProxyVersionsPanel.active();
  if (!panel) void vscode.window.showInformationMessage(vscode.l10n.t('Open the Proxy versions panel first (Istio: Show Proxy Versions).'));
  return panel;
}

export async function copyPanelMarkdown(): Promise<void> {
  await activePanel()?.copyMarkdown();
}

export async function savePanelReport(): Promise<void> {
  const panel = activePanel();
  if (!panel) return;
  const pick = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Markdown'), description: vscode.l10n.t('.md — tables for a pull request or a ticket'), format: 'markdown' as const },
    { label: vscode.l10n.t('YAML'), description: vscode.l10n.t('.yaml — every pod before and after, for scripts'), format: 'yaml' as const },
  ], { title: vscode.l10n.t('Save the proxy versions report as') });
  if (pick) await panel.saveReport(pick.format);
}

export function resetPanelBaseline(): void {
  activePanel()?.resetBaseline();
}

export async function verifyPanelNamespaces(): Promise<void> {
  await activePanel()?.verifyShown();
}
