/** The Proxy versions panel of a context's last run (its baseline and traffic), so it can be opened again as it was. */
import type { Baseline, DiffScope } from '../mesh/proxyDiff';
import type { WorkloadTraffic } from '../mesh/trafficGate';
import type { CommandContext } from './commandContext';

export interface RunPanel {
  context: string;
  scope: DiffScope;
  title: string;
  baseline: Baseline;
  traffic: WorkloadTraffic[];
}

const last = new Map<string, RunPanel>();

/** Shows the run's panel and remembers it for reopenRunPanel. */
export function rememberRunPanel(ctx: CommandContext, p: RunPanel): void {
  last.set(p.context, p);
  ctx.showProxyVersions(p.context, p.scope, p.title, p.baseline, false, p.traffic);
}

/** Opens the last run's panel of `context` again (same baseline and traffic); false when there was none. */
export function reopenRunPanel(ctx: CommandContext, context: string): boolean {
  const p = last.get(context);
  if (p) ctx.showProxyVersions(p.context, p.scope, p.title, p.baseline, false, p.traffic);
  return !!p;
}
