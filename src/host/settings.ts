import * as vscode from 'vscode';
import * as os from 'node:os';
import { resolveKubeconfigPaths } from '../kube/kubeconfigPaths';
import { parseConnectMode, type ConnectMode } from '../fleet/connectPolicy';

export interface ExtensionSettings {
  kubeconfigPaths: string[];
  kubeconfigSource: string;
  contexts: string[];
  /** Which contexts connect without being expanded (machine scope: connecting runs credential plugins). */
  connect: ConnectMode;
  istioNamespace?: string;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  pageSize: number;
  watch: boolean;
  showSystemNamespaces: boolean;
  rolloutTimeoutMs: number;
  verifyWithSyncz: boolean;
}

/**
 * vs-kubernetes keeps its kubeconfig path inside one object setting. In an untrusted workspace only the user
 * (global) value is taken, because a workspace could point it at a kubeconfig whose exec plugin runs code.
 */
function vsKubernetesKubeconfig(): string | undefined {
  const inspected = vscode.workspace.getConfiguration().inspect<Record<string, unknown>>('vs-kubernetes');
  const value = vscode.workspace.isTrusted
    ? vscode.workspace.getConfiguration('vs-kubernetes').get<string>('vs-kubernetes.kubeconfig')
    : (inspected?.globalValue?.['vs-kubernetes.kubeconfig'] as string | undefined);
  return typeof value === 'string' && value.trim() ? value : undefined;
}

export function readSettings(): ExtensionSettings {
  const c = vscode.workspace.getConfiguration('istioCanary');
  const resolved = resolveKubeconfigPaths({
    setting: c.get<string>('kubeconfig') || undefined,
    vsKubernetesSetting: vsKubernetesKubeconfig(),
    kubeconfigEnv: process.env.KUBECONFIG,
    home: os.homedir(),
  });
  const ns = c.get<string>('istioNamespace')?.trim();
  return {
    kubeconfigPaths: resolved.paths,
    kubeconfigSource: resolved.source,
    contexts: c.get<string[]>('contexts') ?? [],
    connect: parseConnectMode(c.get<string>('connect')),
    istioNamespace: ns || undefined,
    requestTimeoutMs: (c.get<number>('requestTimeoutSeconds') ?? 15) * 1000,
    connectTimeoutMs: (c.get<number>('connectTimeoutSeconds') ?? 5) * 1000,
    pageSize: c.get<number>('pageSize') ?? 500,
    watch: c.get<boolean>('watch') ?? true,
    showSystemNamespaces: c.get<boolean>('showSystemNamespaces') ?? false,
    rolloutTimeoutMs: (c.get<number>('rolloutTimeoutSeconds') ?? 300) * 1000,
    verifyWithSyncz: c.get<boolean>('verifyWithSyncz') ?? false,
  };
}
