/** The blast radius and the traffic gate as sections of a migration preview (Markdown, every cluster string escaped). */
import * as l10n from '@vscode/l10n';
import type { BlastRadius } from '../mesh/blastRadius';
import { mdText } from '../mesh/markdownText';
import type { GateThresholds } from '../mesh/trafficGate';

const ICON = { warning: '⚠', info: 'ℹ' } as const;

export function blastRadiusMarkdown(radius: BlastRadius | undefined): string[] {
  const out = ['', `## ${l10n.t('Blast radius')}`, ''];
  if (!radius) return [...out, `- _${l10n.t('Not read.')}_`];
  if (!radius.findings.length) out.push(`- ✔ ${l10n.t('No disruption budget, single replica, missing readiness probe, OnDelete strategy, HPA at its maximum or unmovable pod in the way.')}`);
  for (const f of radius.findings) out.push(`- ${ICON[f.severity]} ${mdText(f.message)} **${l10n.t('What to do:')}** ${mdText(f.advice)}`);
  for (const p of radius.problems) out.push(`- ？ ${mdText(p)}`);
  return out;
}

export interface GatePreview {
  /** Where Prometheus is; undefined: not found or the gate is off. */
  prometheus?: string;
  /** Why there is no gate (not found, turned off), short. */
  off?: string;
  /** More about it for the preview (which Services were looked for, what failed). */
  offDetail?: string;
  thresholds: GateThresholds;
  windowSeconds: number;
  soakSeconds: number;
}

export function gatePreviewMarkdown(g: GatePreview): string[] {
  const out = ['', `## ${l10n.t('Traffic gate')}`, ''];
  if (!g.prometheus) {
    const why = `${mdText(g.off ?? l10n.t('no Prometheus'))}${g.offDetail ? ` (${mdText(g.offDetail)})` : ''}`;
    return [...out, `- ⚠ ${l10n.t('Off: {0}. Proxies are verified, but nobody checks that traffic is still healthy.', why)}`];
  }
  const t = g.thresholds;
  out.push(`- ${l10n.t('Prometheus: {0}', mdText(g.prometheus))}`);
  out.push(`- ${l10n.t('Per restarted workload: 5xx rate and p99 over the {0} s before its restart, against the {1} s after its rollout is verified.', g.windowSeconds, g.soakSeconds)}`);
  out.push(`- ${t.maxErrorRateIncrease === 1
    ? l10n.t('Stops the run (and offers to roll it back) when 5xx rises by more than {0} percentage point, or p99 grows more than ×{1} (and by {2} ms or more).', t.maxErrorRateIncrease, t.maxLatencyRatio, t.minLatencyIncreaseMs)
    : l10n.t('Stops the run (and offers to roll it back) when 5xx rises by more than {0} percentage points, or p99 grows more than ×{1} (and by {2} ms or more).', t.maxErrorRateIncrease, t.maxLatencyRatio, t.minLatencyIncreaseMs)}`);
  out.push(`- ${l10n.t('Fewer than {0} requests in either window is "not enough traffic to judge": the run pauses and asks.', t.minRequests)}`);
  return out;
}
