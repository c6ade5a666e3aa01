/**
 * The traffic gate of one upgrade wave: found once, then (when Prometheus is there) a quick pick — the settings'
 * thresholds, others for this wave only, or no gate — and, after a wave the gate stopped, the offer to roll it back.
 */
import * as vscode from 'vscode';
import type { ClusterClient } from '../kube/clusterClient';
import type { GateSettings } from '../host/settings';
import type { MigrationPlan } from '../mesh/migrationPlan';
import type { MigrationOutcome } from '../upgrade/migrationRunner';
import type { CommandContext } from './commandContext';
import { reopenRunPanel } from './runPanel';
import { breachSummary, gateWith, setUpGate, type GateSetup } from './trafficGateUi';

function describe(s: GateSettings): string {
  const t = s.thresholds;
  return vscode.l10n.t('+{0} pp 5xx · p99 ×{1} · ≥ {2} requests · soak {3} s', t.maxErrorRateIncrease, t.maxLatencyRatio, t.minRequests, s.soakSeconds);
}

/** "1 · 1.5 · 100 · 60" → the four numbers, within the settings' ranges; undefined when not. */
export function parseThresholds(text: string, base: GateSettings): GateSettings | undefined {
  const parts = text.split(/[\s,·;]+/).filter(Boolean).map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [pp, ratio, requests, soak] = parts;
  if (pp < 0 || pp > 100 || ratio < 1 || ratio > 100 || requests < 0 || !Number.isInteger(requests) || soak < 1 || soak > 3600) return undefined;
  return { ...base, soakSeconds: soak, thresholds: { ...base.thresholds, maxErrorRateIncrease: pp, maxLatencyRatio: ratio, minRequests: requests } };
}

/** The wave's gate; undefined when the user cancelled. */
export async function pickWaveGate(ctx: CommandContext, client: ClusterClient): Promise<GateSetup | undefined> {
  const settings = ctx.settings().gate;
  const setup = await setUpGate(client, settings);
  if (!setup.prometheus) return setup;
  const pick = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Traffic gate with the default thresholds'), description: describe(settings), id: 'default' as const },
    { label: vscode.l10n.t('Traffic gate with other thresholds for this wave…'), description: vscode.l10n.t('stricter or looser'), id: 'custom' as const },
    { label: vscode.l10n.t('No traffic gate for this wave'), description: vscode.l10n.t('proxies are verified, traffic is not'), id: 'none' as const },
  ], { title: vscode.l10n.t('Upgrade wave: traffic gate ({0})', setup.prometheus.where) });
  if (!pick) return undefined;
  if (pick.id === 'default') return setup;
  if (pick.id === 'none') return { preview: { ...setup.preview, prometheus: undefined, off: vscode.l10n.t('turned off for this wave') } };
  const t = settings.thresholds;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Upgrade wave: traffic gate thresholds'),
    prompt: vscode.l10n.t('max 5xx rise (percentage points) · max p99 ratio · min requests · soak seconds'),
    value: `${t.maxErrorRateIncrease} · ${t.maxLatencyRatio} · ${t.minRequests} · ${settings.soakSeconds}`,
    validateInput: (v) => (parseThresholds(v, settings) ? undefined : vscode.l10n.t('Four numbers: 0–100 · 1–100 · a whole number ≥ 0 · 1–3600')),
  });
  const custom = text === undefined ? undefined : parseThresholds(text, settings);
  return custom ? gateWith({ prometheus: setup.prometheus }, custom) : undefined;
}

/**
 * After a wave the gate stopped: which workload regressed and by how much, with Roll Back This Wave, Continue
 * Anyway and Open Proxy Versions. Resolves to 'continue' when the user wants the rest of the wave run.
 */
export async function offerGateRollback(ctx: CommandContext, plan: MigrationPlan, outcome: MigrationOutcome, rest: string[]): Promise<'continue' | undefined> {
  const breach = breachSummary(outcome, plan);
  if (!breach) return undefined;
  const rollBack = vscode.l10n.t('Roll Back This Wave');
  const continueAnyway = vscode.l10n.t('Continue Anyway');
  const openPanel = vscode.l10n.t('Open Proxy Versions');
  const buttons = [rollBack, ...(rest.length ? [continueAnyway] : []), openPanel];
  const text = rest.length
    ? vscode.l10n.t('The traffic gate stopped the wave: {0}. Not started: {1}.', breach, rest.join(', '))
    : vscode.l10n.t('The traffic gate stopped the wave: {0}.', breach);
  const a = await vscode.window.showErrorMessage(text, ...buttons);
  if (a === rollBack) await vscode.commands.executeCommand('istioCanary.rollBack', undefined, undefined, outcome.runId);
  if (a === openPanel) reopenRunPanel(ctx, plan.context);
  return a === continueAnyway ? 'continue' : undefined;
}
