/** The blast radius and the traffic gate as sections of a migration preview (Markdown, every cluster string escaped). */
import type { BlastRadius } from '../mesh/blastRadius';
import { mdText } from '../mesh/markdownText';
import type { GateThresholds } from '../mesh/trafficGate';

const ICON = { warning: '⚠', info: 'ℹ' } as const;

export function blastRadiusMarkdown(radius: BlastRadius | undefined): string[] {
  const out = ['', '## Blast radius', ''];
  if (!radius) return [...out, '- _Not read._'];
  if (!radius.findings.length) out.push('- ✔ No disruption budget, single replica, missing readiness probe, OnDelete strategy, HPA at its maximum or unmovable pod in the way.');
  for (const f of radius.findings) out.push(`- ${ICON[f.severity]} ${mdText(f.message)} **What to do:** ${mdText(f.advice)}`);
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
  const out = ['', '## Traffic gate', ''];
  if (!g.prometheus) {
    return [...out, `- ⚠ Off: ${mdText(g.off ?? 'no Prometheus')}${g.offDetail ? ` (${mdText(g.offDetail)})` : ''}. Proxies are verified, but nobody checks that traffic is still healthy.`];
  }
  const t = g.thresholds;
  out.push(`- Prometheus: ${mdText(g.prometheus)}`);
  out.push(`- Per restarted workload: 5xx rate and p99 over the ${g.windowSeconds} s before its restart, against the ${g.soakSeconds} s after its rollout is verified.`);
  out.push(`- Stops the run (and offers to roll it back) when 5xx rises by more than ${t.maxErrorRateIncrease} percentage point${t.maxErrorRateIncrease === 1 ? '' : 's'}, or p99 grows more than ×${t.maxLatencyRatio} (and by ${t.minLatencyIncreaseMs} ms or more).`);
  out.push(`- Fewer than ${t.minRequests} requests in either window is "not enough traffic to judge": the run pauses and asks.`);
  return out;
}
