import type * as vscode from 'vscode';
import type { MeshSnapshot } from '../mesh/model';

/** What the panel may ask the extension to do; implemented by the commands layer (extension.ts wires it). */
export interface PanelActions {
  snapshot(context: string): MeshSnapshot | undefined;
  onDidChange(context: string, listener: () => void): vscode.Disposable;
  restartWorkload(context: string, namespace: string, kind: 'Deployment' | 'StatefulSet' | 'DaemonSet', name: string): Promise<void>;
  verifyNamespaces(context: string, namespaces: string[]): Promise<void>;
  revealNamespace(context: string, namespace: string): Promise<void>;
  saveReport(title: string, format: 'markdown' | 'yaml', content: string): Promise<string | undefined>;
  log(message: string): void;
}
