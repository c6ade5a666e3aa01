import * as vscode from 'vscode';

/**
 * Generated reports (plans, verifications, the journal) as read-only virtual documents rendered by the
 * Markdown preview: no unsaved "Untitled" editor is left behind to nag on close.
 */
export const REPORT_SCHEME = 'istio-canary-report';

class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  put(title: string, content: string): vscode.Uri {
    // A file name for the preview tab: drop what a path or a title cannot show (quotes, backticks, slashes…).
    const safe = title.replace(/[\\/:*?"<>|`'\u0000-\u001f]+/g, '').replace(/\s+/g, ' ').trim().slice(0, 80) || 'report';
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${safe}.md`, query: String(++this.counter) });
    this.docs.set(uri.toString(), content);
    // Keep memory bounded: the oldest reports go.
    while (this.docs.size > 50) this.docs.delete(this.docs.keys().next().value as string);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? `_${vscode.l10n.t('This report is no longer available; run the command again.')}_`;
  }
}

export const reportDocuments = new ReportDocuments();

export function registerReportDocuments(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reportDocuments);
}

/** Opens generated Markdown beside the tree, rendered by the built-in preview when it is available. */
export async function showMarkdown(content: string, title = firstHeading(content)): Promise<void> {
  const uri = reportDocuments.put(title, content);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}

function firstHeading(content: string): string {
  const m = /^#\s+(.+)$/m.exec(content);
  return (m?.[1] ?? vscode.l10n.t('Istio report')).replace(/\\(.)/g, '$1');
}
