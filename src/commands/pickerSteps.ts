/**
 * The shared questions of the commands as wizard steps (multiStepInput.ts): cluster → namespaces → target, with
 * "step n of m" and Back. A question the tree node already answered is left out by the command.
 */
import * as vscode from 'vscode';
import type { NamespaceBinding } from '../mesh/model';
import { answered, runSteps, type WizardStep } from '../ui/multiStepInput';
import { vscodeQuickInput } from '../ui/vscodeQuickInput';
import type { CommandContext } from './commandContext';
import { loadedCluster, type LoadedCluster } from './clusterAccess';
import { clusterItems, namespaceItems, noClusterMessage, noNamespaceMessage, readyClusters, targetItems } from './pickers';

export interface ClusterAnswer {
  context?: string;
}

/**
 * Answers the cluster question when it can without asking (one cluster with Istio: that one). Returns the step to
 * ask it, [] when it is answered, or undefined when no cluster can be used (the user was told).
 */
export function clusterSteps<S extends ClusterAnswer>(ctx: CommandContext, state: S, title: string): WizardStep<S>[] | undefined {
  if (state.context) return [];
  const ready = readyClusters(ctx.fleet());
  if (ready.length === 0) {
    void vscode.window.showWarningMessage(noClusterMessage());
    return undefined;
  }
  if (ready.length === 1) {
    state.context = ready[0].context;
    return [];
  }
  return [{
    run: async (input, s) => answered(await input.pick({ title, placeholder: vscode.l10n.t('Cluster'), items: clusterItems(readyClusters(ctx.fleet())), isChosen: (i) => i.value === s.context }),
      (v) => { s.context = v.value; }),
  }];
}

/** The loaded cluster of an answered cluster question. */
export function clusterOfAnswer(ctx: CommandContext, s: ClusterAnswer): LoadedCluster {
  if (!s.context) throw new Error(vscode.l10n.t('No cluster was chosen.'));
  return loadedCluster(ctx, s.context);
}

export interface NamespacesAnswer extends ClusterAnswer {
  namespaces?: string[];
}

export function namespacesStep<S extends NamespacesAnswer>(ctx: CommandContext, title: (s: S) => string, filter: (s: S, ns: NamespaceBinding) => boolean = () => true): WizardStep<S> {
  return {
    run: async (input, s) => {
      const items = namespaceItems(clusterOfAnswer(ctx, s).snapshot, (ns) => filter(s, ns));
      if (items.length === 0) {
        void vscode.window.showInformationMessage(noNamespaceMessage());
        return 'cancel';
      }
      return answered(await input.pickMany({ title: title(s), placeholder: vscode.l10n.t('Namespaces (pick one or more)'), items, matchOnDescription: true, isChosen: (i) => s.namespaces?.includes(i.value) ?? false }),
        (v) => { s.namespaces = v.map((i) => i.value); });
    },
  };
}

export interface TargetAnswer extends ClusterAnswer {
  target?: string;
}

/** A revision or tag; `current` marks what the selection uses now. */
export function targetStep<S extends TargetAnswer>(ctx: CommandContext, title: (s: S) => string, current: (s: S) => ReadonlySet<string> = () => new Set()): WizardStep<S> {
  return {
    run: async (input, s) => answered(
      await input.pick({ title: title(s), placeholder: vscode.l10n.t('Target revision or tag'), items: targetItems(clusterOfAnswer(ctx, s).snapshot, current(s)), isChosen: (i) => i.value !== undefined && i.value === s.target }),
      (v) => { s.target = v.value; },
    ),
  };
}

/** Runs the steps in VS Code's quick input. */
export function askSteps<S>(title: string, steps: readonly WizardStep<S>[], state: S): Promise<S | undefined> {
  return runSteps(vscodeQuickInput, title, steps, state);
}
