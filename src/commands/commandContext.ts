import type * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import type { LogChannel } from '../host/logChannel';
import type { RevisionTreeProvider } from '../views/revisionTreeProvider';
import type { Journal } from '../upgrade/journal';
import type { ExtensionSettings } from '../host/settings';
import type { Baseline, DiffScope } from '../mesh/proxyDiff';
import type { WorkloadTraffic } from '../mesh/trafficGate';

/** What commands may use. Built once by the composition root (extension.ts). */
export interface CommandContext {
  extension: vscode.ExtensionContext;
  fleet: () => Fleet;
  log: LogChannel;
  tree: RevisionTreeProvider;
  /** Where every write of every run is recorded (extension global storage). */
  journal: Journal;
  settings(): ExtensionSettings;
  /** Fires with the contexts whose state changed, across fleet reloads. */
  onDidChangeClusters: vscode.Event<string[]>;
  /** Opens the Proxy versions panel (optionally with the baseline a run took before it started). */
  /** `beside`: in the next editor group without focus (e.g. next to a report). */
  /** `traffic`: what a run's traffic gate measured, shown in the panel's traffic table. */
  showProxyVersions(context: string, scope: DiffScope, title: string, baseline?: Baseline, beside?: boolean, traffic?: WorkloadTraffic[]): void;
  /** Re-reads settings and kubeconfig files, then reloads every cluster. */
  reloadAll(): Promise<void>;
  /** Adds a kubeconfig file for this window only (the demo mesh), then reloads and connects its contexts. */
  addKubeconfig(path: string): Promise<void>;
  /** Connects a listed context (and remembers it); resolves when it has loaded or failed. */
  connectCluster(context: string): Promise<void>;
  /** Disconnects a context (stops its watches) and forgets it. */
  disconnectCluster(context: string): void;
  /** A plan step of this window progressed or ended: plan CodeLenses and checks refresh. */
  planRan(): void;
  /** Shows the Istio Upgrades view at a cluster (and one of its revisions), connecting it if needed. */
  revealCluster(context: string, revision?: string): Promise<void>;
  /** The Kubernetes extension, when it is installed and active: what its menu commands were invoked on. */
  kubernetesExplorer?: { resolve(target: unknown): { context: string; namespace?: string } | undefined };
}
