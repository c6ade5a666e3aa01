import * as vscode from 'vscode';
import type { ClusterClient } from '../kube/clusterClient';
import type { ClusterInventory } from '../mesh/kubeObjects';
import type { MeshSnapshot } from '../mesh/model';
import type { CommandContext } from './commandContext';
import { cachedSource, type InventorySource } from '../upgrade/inventorySource';

export interface LoadedCluster {
  client: ClusterClient;
  inventory: ClusterInventory;
  snapshot: MeshSnapshot;
  /** Whole-cluster reads take pods and workloads from the live cache through this (no LIST of every pod). */
  source: InventorySource;
}

/** The live client, inventory and snapshot of a loaded context, or a readable error. */
export function loadedCluster(ctx: CommandContext, context: string): LoadedCluster {
  const fleet = ctx.fleet();
  const state = fleet.cluster(context);
  const client = fleet.client(context);
  const cache = fleet.cache(context);
  if (!state || !client || !cache || state.status !== 'ready' || !state.snapshot) {
    throw new Error(state?.error
      ? vscode.l10n.t('{0} is not loaded: {1}. Refresh the Istio Upgrades view and try again.', context, state.error.message)
      : vscode.l10n.t('{0} is not loaded. Refresh the Istio Upgrades view and try again.', context));
  }
  if (state.pending) throw new Error(vscode.l10n.t('{0} is still counting its proxies (listing pods). Try again when the tree shows the counts.', context));
  return { client, inventory: cache.inventory(), snapshot: state.snapshot, source: cachedSource(cache) };
}
