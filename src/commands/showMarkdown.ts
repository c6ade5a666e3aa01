import * as vscode from 'vscode';

/** Opens generated Markdown (a plan, a verification) beside the tree, rendered when the preview is available. */
export async function showMarkdown(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return doc;
}
