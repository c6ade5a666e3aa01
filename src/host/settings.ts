import * as vscode from 'vscode';
import * as os from 'node:os';
import { resolveKubeconfigPaths } from '../kube/kubeconfigPaths';
import { parseConnectMode, type ConnectMode } from '../fleet/connectPolicy';
import { clampOption, type LimitedOption } from '../kube/optionLimits';
import { DEFAULT_RETRY, type RetrySettings } from '../kube/retryPolicy';
import { DEFAULT_GATE_THRESHOLDS, type GateThresholds } from '../mesh/trafficGate';

export interface ExtensionSettings {
  kubeconfigPaths: string[];
  kubeconfigSource: string;
  contexts: string[];
  /** Which contexts connect without being expanded (application scope: connecting runs credential plugins). */
  connect: ConnectMode;
  istioNamespace?: string;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  pageSize: number;
  watch: boolean;
  showSystemNamespaces: boolean;
  rolloutTimeoutMs: number;
  verifyWithSyncz: boolean;
  execTimeoutMs: number;
  retry: RetrySettings;
  /** `istioCanary.helmPath` (machine scope): the helm the owner commands run with; undefined = `helm` on PATH. */
  helmPath?: string;
  /** `istioCanary.istioctlPath` (machine scope): the istioctl Install New Revision runs; undefined = `istioctl` on PATH. */
  istioctlPath?: string;
  /** The traffic gate of migrations and waves (issue 16). */
  gate: GateSettings;
}

export interface GateSettings {
  /** `auto`: runs when Prometheus is found (and asks when not); `off`. */
  mode: 'auto' | 'off';
  /** istioCanary.prometheusUrl; empty: found through the API server. */
  prometheusUrl?: string;
  soakSeconds: number;
  windowSeconds: number;
  thresholds: GateThresholds;
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

/**
 * `kubernetesExtensionKubeconfig`: the Kubernetes extension's kubeconfig path from its API, when it is active.
 * Taken only in a trusted workspace (it may come from a workspace setting); untrusted, its setting is read as above.
 */
export function readSettings(kubernetesExtensionKubeconfig?: string): ExtensionSettings {
  const c = vscode.workspace.getConfiguration('istioCanary');
  // Clamped in code: package.json's minimum/maximum do not stop a workspace from setting 0 or 1e12.
  const num = (name: LimitedOption): number => clampOption(name, c.get<unknown>(name));
  const resolved = resolveKubeconfigPaths({
    setting: c.get<string>('kubeconfig') || undefined,
    kubernetesExtension: vscode.workspace.isTrusted ? kubernetesExtensionKubeconfig : undefined,
    vsKubernetesSetting: vsKubernetesKubeconfig(),
    kubeconfigEnv: process.env.KUBECONFIG,
    home: os.homedir(),
  });
  const ns = c.get<string>('istioNamespace')?.trim();
  const helmPath = c.get<string>('helmPath')?.trim();
  const istioctlPath = c.get<string>('istioctlPath')?.trim();
  return {
    kubeconfigPaths: resolved.paths,
    kubeconfigSource: resolved.source,
    contexts: c.get<string[]>('contexts') ?? [],
    connect: parseConnectMode(c.get<string>('connect')),
    istioNamespace: ns || undefined,
    requestTimeoutMs: num('requestTimeoutSeconds') * 1000,
    connectTimeoutMs: num('connectTimeoutSeconds') * 1000,
    pageSize: num('pageSize'),
    watch: c.get<boolean>('watch') ?? true,
    showSystemNamespaces: c.get<boolean>('showSystemNamespaces') ?? false,
    rolloutTimeoutMs: num('rolloutTimeoutSeconds') * 1000,
    verifyWithSyncz: c.get<boolean>('verifyWithSyncz') ?? false,
    execTimeoutMs: num('execTimeoutSeconds') * 1000,
    retry: { ...DEFAULT_RETRY, maxAttempts: num('retryMaxAttempts'), maxWaitMs: num('retryMaxWaitSeconds') * 1000 },
    gate: {
      mode: c.get<string>('gate.mode') === 'off' ? 'off' : 'auto',
      prometheusUrl: c.get<string>('prometheusUrl')?.trim() || undefined,
      soakSeconds: num('gate.soakSeconds'),
      windowSeconds: num('gate.windowSeconds'),
      thresholds: {
        maxErrorRateIncrease: num('gate.maxErrorRateIncrease'), maxLatencyRatio: num('gate.maxLatencyRatio'),
        minLatencyIncreaseMs: DEFAULT_GATE_THRESHOLDS.minLatencyIncreaseMs, minRequests: num('gate.minRequests'),
      },
    },
    ...(helmPath ? { helmPath } : {}),
    ...(istioctlPath ? { istioctlPath } : {}),
  };
}
