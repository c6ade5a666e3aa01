/**
 * The traffic gate in VS Code: where Prometheus is (istioCanary.prometheusUrl, else found through the API server),
 * what the preview says about it, and the modal that pauses a run when the gate cannot judge (not enough traffic,
 * Prometheus unreadable) — Continue or Stop; it never passes silently.
 */
import * as vscode from 'vscode';
import type { ClusterClient } from '../kube/clusterClient';
import { findPrometheus } from '../kube/prometheus/prometheusDiscovery';
import type { PrometheusClient } from '../kube/prometheus/prometheusClient';
import { prometheusViaService } from '../kube/prometheus/prometheusViaService';
import { prometheusViaUrl } from '../kube/prometheus/prometheusViaUrl';
import type { MigrationPlan } from '../mesh/migrationPlan';
import { formatMs, formatPercent, errorPercent, gateLine, type NamespaceGateResult, type WorkloadTraffic } from '../mesh/trafficGate';
import type { GateSettings } from '../host/settings';
import type { MigrationOutcome } from '../upgrade/migrationRunner';
import { createTrafficGate, type GateDecision, type NamespaceGate } from '../upgrade/trafficGate';
import { errorMessage } from '../upgrade/upgradeErrors';
import type { GatePreview } from '../views/blastRadiusMarkdown';

export interface GateSetup {
  /** Undefined: no gate (off, or no Prometheus). */
  gate?: NamespaceGate;
  prometheus?: PrometheusClient;
  preview: GatePreview;
}

interface Located {
  prometheus?: PrometheusClient;
  off?: string;
  offDetail?: string;
}

async function locate(client: ClusterClient, s: GateSettings): Promise<Located> {
  if (s.mode === 'off') return { off: vscode.l10n.t('{0} is off', 'istioCanary.gate.mode') };
  if (s.prometheusUrl) {
    try {
      return { prometheus: prometheusViaUrl(s.prometheusUrl) };
    } catch (e) {
      return { off: `istioCanary.prometheusUrl: ${errorMessage(e)}` };
    }
  }
  try {
    const found = await findPrometheus(client);
    if (found.found) return { prometheus: prometheusViaService(client, found.target) };
    return {
      off: vscode.l10n.t('no Prometheus found — set {0}', 'istioCanary.prometheusUrl'),
      offDetail: `${vscode.l10n.t('looked for the Services {0}', found.tried.join(', '))}${found.problems.length ? `; ${found.problems.join('; ')}` : ''}`,
    };
  } catch (e) {
    return { off: vscode.l10n.t('looking for Prometheus failed: {0}', errorMessage(e)) };
  }
}

/** Pauses the run with a modal when the gate cannot judge a namespace. */
async function askWhenUndecided(result: NamespaceGateResult): Promise<GateDecision> {
  const title = result.verdict === 'unknown'
    ? vscode.l10n.t('{0}: the traffic gate cannot read Prometheus. Continue without it?', result.namespace)
    : vscode.l10n.t('{0}: not enough traffic to judge. Continue?', result.namespace);
  const detail = `${gateLine(result)}\n\n${vscode.l10n.t('Continue: the namespace counts as done and the run goes on. Stop: the run stops here; what it did stays and can be rolled back.')}`;
  const go = vscode.l10n.t('Continue');
  const a = await vscode.window.showWarningMessage(title, { modal: true, detail }, go, vscode.l10n.t('Stop'));
  return a === go ? 'continue' : 'stop';
}

/** The gate with these settings, on a Prometheus already found (or none, and why). */
export function gateWith(found: Located, s: GateSettings): GateSetup {
  const { prometheus, off, offDetail } = found;
  const preview: GatePreview = { prometheus: prometheus?.where, off, offDetail, thresholds: s.thresholds, windowSeconds: s.windowSeconds, soakSeconds: s.soakSeconds };
  if (!prometheus) return { preview };
  return {
    preview, prometheus,
    gate: createTrafficGate({ prometheus, thresholds: s.thresholds, windowSeconds: s.windowSeconds, soakSeconds: s.soakSeconds, decide: askWhenUndecided }),
  };
}

export async function setUpGate(client: ClusterClient, s: GateSettings): Promise<GateSetup> {
  return gateWith(await locate(client, s), s);
}

/** Every workload the gate measured in a run. */
export function gateTraffic(outcome: MigrationOutcome): WorkloadTraffic[] {
  return outcome.namespaces.flatMap((n) => n.gate?.workloads ?? []);
}

/** "cart: 5xx 0.10 % → 5.10 %, p99 77 ms → 79 ms on 1.8.0" for each workload that breached. */
export function breachSummary(outcome: MigrationOutcome, plan: MigrationPlan): string | undefined {
  const breached = gateTraffic(outcome).filter((w) => w.verdict === 'breach');
  if (!breached.length) return undefined;
  const on = plan.target.version ?? plan.target.revision;
  return breached.map((w) => `${w.namespace}/${w.name}: 5xx ${formatPercent(errorPercent(w.before))} → ${formatPercent(errorPercent(w.after))}, p99 ${formatMs(w.before?.p99Ms)} → ${formatMs(w.after?.p99Ms)} on ${on}`).join('; ');
}
