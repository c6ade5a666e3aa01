/**
 * The "Proxy versions" panel: before (a baseline taken when the panel or a run started) → after (live from
 * the fleet's snapshots). One panel per cluster; state survives hide/show and reloads through the page's
 * setState and a WebviewPanelSerializer (no retainContextWhenHidden).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { diffProxies, takeBaseline, type Baseline, type DiffScope } from '../mesh/proxyDiff';
import { diffMarkdown, diffYaml } from '../views/diffReport';
import { panelHtml } from './panelHtml';
import { VIEW_TYPE, parseInbound, parsePanelState, type InboundMessage, type OutboundMessage, type PanelState } from './protocol';
import type { PanelActions } from './panelActions';
import type { WorkloadTraffic } from '../mesh/trafficGate';

const panels = new Map<string, ProxyVersionsPanel>();
/** The panel in the active editor, for the editor-title actions (VS Code shows them only for this viewType). */
let activePanel: ProxyVersionsPanel | undefined;

function markActive(panel: ProxyVersionsPanel, active: boolean): void {
  if (active) activePanel = panel;
  else if (activePanel === panel) activePanel = undefined;
}

/** Light and dark variants of the panel's tab icon. */
export function panelIconPath(extensionUri: vscode.Uri): { light: vscode.Uri; dark: vscode.Uri } {
  return {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'proxy-versions-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'proxy-versions-dark.svg'),
  };
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class ProxyVersionsPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private state: PanelState;
  private timer?: ReturnType<typeof setTimeout>;
  private sendState = true;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly actions: PanelActions, state: PanelState) {
    this.state = state;
    panel.iconPath = panelIconPath(extensionUri);
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      panel.onDidChangeViewState(() => {
        markActive(this, panel.active);
        if (panel.visible) this.schedule(0);
      }),
      actions.onDidChange(state.context, () => this.schedule(300)),
    );
  }

  /**
   * Opens (or focuses) the panel of a cluster with a new baseline: now, or the one a run took before it started.
   * `beside`: in the next editor group without taking focus, so a report just opened stays in front.
   */
  static show(extensionUri: vscode.Uri, actions: PanelActions, context: string, scope: DiffScope, title: string, baseline?: Baseline, beside = false, traffic?: WorkloadTraffic[]): ProxyVersionsPanel {
    const column = beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const snapshot = actions.snapshot(context);
    if (!snapshot) throw new Error(`${context} is not loaded`);
    const state: PanelState = { context, title, baseline: baseline ?? takeBaseline(snapshot, scope), ...(traffic?.length ? { traffic } : {}) };
    const existing = panels.get(context);
    if (existing) {
      existing.state = state;
      existing.sendState = true;
      existing.panel.title = title;
      existing.panel.reveal(column, beside);
      existing.schedule(0);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn: column, preserveFocus: beside }, webviewOptions(extensionUri));
    const p = new ProxyVersionsPanel(panel, extensionUri, actions, state);
    panels.set(context, p);
    if (!beside) markActive(p, true);
    return p;
  }

  /** The panel in the active editor group's active tab, if it is one of ours. */
  static active(): ProxyVersionsPanel | undefined {
    return activePanel;
  }

  /** Restores a panel after a window reload from the state the page saved. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, actions: PanelActions, saved: unknown): void {
    const state = parsePanelState((saved as { panel?: unknown } | undefined)?.panel);
    if (!state) {
      panel.dispose();
      return;
    }
    const p = new ProxyVersionsPanel(panel, extensionUri, actions, state);
    panels.set(state.context, p);
  }

  private html(): string {
    const w = this.panel.webview;
    const uri = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    return panelHtml({
      cspSource: w.cspSource, nonce: randomBytes(16).toString('base64'), title: this.state.title,
      scriptUri: uri('dist', 'webview', 'proxyVersions.js'), styleUri: uri('media', 'proxyVersions.css'), codiconUri: uri('dist', 'webview', 'codicon.css'),
    });
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.post(), ms);
  }

  private post(): void {
    this.timer = undefined;
    if (!this.panel.visible) return;
    const snapshot = this.actions.snapshot(this.state.context);
    if (!snapshot) {
      void this.panel.webview.postMessage({ type: 'notice', text: vscode.l10n.t('{0} is not loaded right now.', this.state.context) } satisfies OutboundMessage);
      return;
    }
    const message: OutboundMessage = {
      type: 'render', title: this.state.title, diff: diffProxies(this.state.baseline, snapshot), live: true,
      updatedAt: new Date().toISOString(), state: this.sendState ? this.state : undefined,
      ...(this.state.traffic ? { traffic: this.state.traffic } : {}),
      ...(vscode.l10n.bundle ? { l10n: vscode.l10n.bundle } : {}),
    };
    this.sendState = false;
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg: InboundMessage | undefined = parseInbound(raw);
    if (!msg) {
      this.actions.log(`Proxy versions panel: ignored a malformed message`);
      return;
    }
    const context = this.state.context;
    const notice = (text: string) => void this.panel.webview.postMessage({ type: 'notice', text } satisfies OutboundMessage);
    try {
      switch (msg.type) {
        case 'ready':
          this.sendState = true;
          this.post();
          return;
        case 'restartWorkload':
          await this.actions.restartWorkload(context, msg.namespace, msg.kind, msg.name);
          return;
        case 'verifyNamespace':
          await this.actions.verifyNamespaces(context, [msg.namespace]);
          return;
        case 'revealNamespace':
          await this.actions.revealNamespace(context, msg.namespace);
          return;
        case 'copyMarkdown':
          await this.copyMarkdown();
          return;
        case 'saveReport':
          await this.saveReport(msg.format);
          return;
        case 'resetBaseline':
          this.resetBaseline();
          return;
      }
    } catch (e) {
      notice(vscode.l10n.t('Failed: {0}', e instanceof Error ? e.message : String(e)));
    }
  }

  private notice(text: string): void {
    void this.panel.webview.postMessage({ type: 'notice', text } satisfies OutboundMessage);
  }

  /** The report as Markdown on the clipboard (the page's button and the editor-title action). */
  async copyMarkdown(): Promise<void> {
    await vscode.env.clipboard.writeText(diffMarkdown(this.diff(), this.state.title));
    this.notice('Copied as Markdown.');
  }

  async saveReport(format: 'markdown' | 'yaml'): Promise<void> {
    const uri = await this.actions.saveReport(this.state.title, format, format === 'yaml' ? diffYaml(this.diff()) : diffMarkdown(this.diff(), this.state.title));
    if (uri) this.notice(`Saved ${uri}`);
  }

  /** A new "before": the live state now. */
  resetBaseline(): void {
    const snapshot = this.actions.snapshot(this.state.context);
    if (snapshot) this.state = { ...this.state, baseline: takeBaseline(snapshot, this.state.baseline.scope) };
    this.sendState = true;
    this.post();
  }

  /** Verifies every namespace the panel lists. */
  async verifyShown(): Promise<void> {
    const namespaces = [...new Set(this.diff().rows.map((r) => r.namespace))];
    if (namespaces.length === 0) {
      this.notice('No namespace to verify: the panel lists no proxy.');
      return;
    }
    await this.actions.verifyNamespaces(this.state.context, namespaces);
  }

  private diff() {
    const snapshot = this.actions.snapshot(this.state.context);
    if (!snapshot) throw new Error(vscode.l10n.t('{0} is not loaded', this.state.context));
    return diffProxies(this.state.baseline, snapshot);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    panels.delete(this.state.context);
    markActive(this, false);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
