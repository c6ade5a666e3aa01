/** Labels, descriptions and tooltips of tree nodes, as plain strings (Markdown for tooltips). Pure, unit-tested. */
import type { NamespaceBinding, Proxy, Revision, Tag, Workload } from '../mesh/model';
import type { ClusterState } from '../fleet/clusterState';
import { failureText } from '../fleet/failureText';
import { mdCode } from '../mesh/markdownText';
import type { NamespacePlacement } from './treeLayout';
import { byCount, plural } from '../mesh/plural';
import { md } from './tooltipEscape';
import { labelChangeLine, ownerDescription, ownerTooltipLines } from './ownerNodeText';

export { md } from './tooltipEscape';

export const AMBIENT_NOTE = 'Ambient namespace (`istio.io/dataplane-mode=ambient`): its pods need no sidecar restart. ztunnel and istio-cni upgrade in place only (no canary, control plane first); waypoints follow their Gateway\'s `istio.io/rev`, so they move with a tag.';

export { plural } from '../mesh/plural';


export interface ProxyCounts {
  total: number;
  stale: number;
  /** Proxy versions currently running, most common first. */
  versions: string[];
}

export function countProxies(workloads: readonly Workload[]): ProxyCounts {
  let total = 0;
  let stale = 0;
  const versions = new Map<string, number>();
  for (const w of workloads) {
    for (const p of w.pods) {
      if (p.needsRestart) stale++;
      if (!p.injected) continue;
      total++;
      const v = p.proxyVersion ?? 'unknown';
      versions.set(v, (versions.get(v) ?? 0) + 1);
    }
  }
  return { total, stale, versions: [...versions.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v) };
}

export function clusterDescription(state: ClusterState): string {
  const parts: string[] = [];
  if (state.isCurrent) parts.push('current context');
  if (state.status === 'idle') parts.push(`not connected — expand to connect${state.authHint ? ` (${state.authHint})` : ''}`);
  if (state.status === 'loading') parts.push('loading…');
  if (state.pending) parts.push('counting proxies…');
  if (state.status === 'error' && state.error) parts.push(`✖ ${failureText(state.error)}`);
  if (state.status === 'ready' && state.snapshot) {
    const s = state.snapshot;
    parts.push(s.revisions.length === 0 ? 'Istio not found' : plural(s.revisions.length, 'revision'));
    // No count here: the cluster row would change (and VS Code re-render the whole cluster) on every relabel;
    // the revision and namespace rows below carry the numbers.
    if (s.namespaces.some((ns) => ns.workloads.some((w) => w.pods.some((p) => p.needsRestart)))) parts.push('⚠ proxies need a restart');
  }
  if (state.degraded) parts.push(`⚠ live updates paused: ${state.degraded.message}`);
  return parts.join(' · ');
}

export function clusterTooltip(state: ClusterState): string {
  const lines = [`**${md(state.context)}**${state.isCurrent ? ' (current context)' : ''}`];
  if (state.server) lines.push(`Server: \`${state.server}\``);
  if (state.sourceFile) lines.push(`Kubeconfig: \`${state.sourceFile}\``);
  if (state.error) {
    lines.push(`**${state.error.kind}**: ${md(state.error.message)}`);
    if (state.error.remedy) lines.push(md(state.error.remedy));
  }
  if (state.status === 'idle') {
    lines.push('Not connected: nothing has been sent to this cluster yet. Expand it or choose **Connect** to read it'
      + (state.authHint ? ` — connecting runs ${mdCode(state.authHint)} for credentials.` : '.'));
  }
  if (state.degraded) lines.push(`Live updates paused: ${md(state.degraded.message)} (retrying)`);
  if (state.loadMs !== undefined) lines.push(`Loaded in ${state.loadMs} ms`);
  return lines.join('\n\n');
}

export function revisionDescription(rev: Revision): string {
  const parts = [rev.version ?? 'version unknown'];
  if (rev.isDefault) parts.push('default');
  const owner = ownerDescription(rev.managedBy);
  if (owner) parts.push(owner);
  if (rev.external) parts.push('external control plane');
  else parts.push(`ready ${rev.readyReplicas}/${rev.desiredReplicas}`);
  parts.push(plural(rev.namespaceCount, 'ns', 'ns'));
  if (rev.countingProxies) return [...parts, 'counting proxies…'].join(' · ');
  parts.push(plural(rev.proxyCount, 'proxy', 'proxies'));
  // The last step of a canary upgrade: say when nothing (namespace, tag, proxy, default) uses it any more.
  if (rev.inUse.length === 0 && !rev.isDefault && !rev.external) parts.push('unused — can be removed');
  return parts.join(' · ');
}

export function revisionTooltip(rev: Revision): string {
  const lines = [`**Revision ${md(rev.name)}**${rev.isDefault ? ' — the default revision' : ''}`];
  lines.push(`Version: ${rev.version ?? 'unknown'} (from ${rev.versionSource})`);
  if (rev.deployment) lines.push(`istiod: \`${rev.istioNamespace}/${rev.deployment}\` — ready ${rev.readyReplicas}/${rev.desiredReplicas}`);
  if (rev.external) lines.push('External control plane: the injector webhook calls a URL and no istiod runs in this cluster.');
  if (rev.injectorWebhooks.length) lines.push(`Injector webhooks: ${rev.injectorWebhooks.map((w) => `\`${w}\``).join(', ')}`);
  if (rev.tags.length) lines.push(`Tags: ${rev.tags.map(md).join(', ')}`);
  lines.push(...ownerTooltipLines(rev.managedBy));
  lines.push(rev.countingProxies ? 'Counting proxies: the pods are still being listed.' : rev.inUse.length === 0
    ? 'Not in use: no namespace, tag or proxy refers to it.'
    : `In use by ${plural(rev.inUse.length, 'reference')}: ${rev.inUse.slice(0, 8).map(describeUse).join(', ')}${rev.inUse.length > 8 ? ', …' : ''}`);
  return lines.join('\n\n');
}

function describeUse(u: Revision['inUse'][number]): string {
  switch (u.kind) {
    case 'tag': return `tag ${md(u.tag)}`;
    case 'namespace': return `namespace ${md(u.namespace)}`;
    case 'pod': return `pod ${md(u.namespace)}/${md(u.pod)}`;
    case 'default': return 'default revision';
  }
}

export function tagLabel(tag: Tag): string {
  return `${tag.name} → ${tag.revision}`;
}

export function tagDescription(tag: Tag, namespaces: readonly NamespaceBinding[]): string {
  const n = namespaces.filter((ns) => ns.target?.tag === tag.name).length;
  const owner = tag.managedBy?.kind === 'helm' ? `${ownerDescription(tag.managedBy)} (revisionTags)` : ownerDescription(tag.managedBy);
  return ['tag', ...(owner ? [owner] : []), plural(n, 'namespace')].join(' · ');
}

export function tagTooltip(tag: Tag, namespaces: readonly NamespaceBinding[]): string {
  const users = namespaces.filter((ns) => ns.target?.tag === tag.name).map((ns) => md(ns.name));
  const lines = [`**Tag ${md(tag.name)}** → revision ${md(tag.revision)}`];
  if (tag.webhook) lines.push(`Webhook: \`${tag.webhook}\``);
  if (tag.service) lines.push(`Service: \`${tag.service}\``);
  lines.push(...ownerTooltipLines(tag.managedBy));
  lines.push(users.length ? `Namespaces: ${users.join(', ')}` : 'No namespace uses this tag.');
  lines.push('Moving a tag changes nothing until the pods of its namespaces restart.');
  return lines.join('\n\n');
}

export function namespaceDescription(p: NamespacePlacement): string {
  const ns = p.namespace;
  const parts: string[] = [];
  if (p.podLevel) {
    // Pods choose themselves: by their own istio.io/rev, or (sidecar.istio.io/inject=true) the default injector.
    const byLabel = p.workloads.some((w) => w.templateRevision);
    parts.push(ns.state === 'disabled' ? 'istio-injection=disabled' : byLabel ? 'pod-level istio.io/rev' : 'pod-level injection');
  }
  else if (ns.target?.via === 'auto') parts.push('auto-injected by the default revision');
  else if (ns.target?.via === 'tag') parts.push(`via tag ${ns.target.tag}`);
  else if (ns.target?.via === 'istio-injection') parts.push(`istio-injection=enabled → ${ns.target.tag ? `tag ${ns.target.tag}` : 'default'}`);
  else parts.push('istio.io/rev');
  const owner = ownerDescription(ns.managedBy);
  if (owner) parts.push(owner);
  if (ns.conflict) parts.push('⚠ both labels');
  if (ns.ambient) parts.push('ambient');
  const c = countProxies(p.workloads);
  if (ns.countingProxies) parts.push('counting proxies…');
  else if (c.stale > 0) parts.push(`⚠ ${c.stale} of ${c.total} ${c.total === 1 ? 'proxy' : 'proxies'} ${c.stale === 1 ? 'needs' : 'need'} a restart`);
  else if (c.total > 0) parts.push(`all ${plural(c.total, 'proxy', 'proxies')} ${c.versions.join(', ')}`);
  else parts.push('no proxies');
  return parts.join(' · ');
}

export function namespaceTooltip(ns: NamespaceBinding, podLevel = false): string {
  const lines = [`**Namespace ${md(ns.name)}**`, md(ns.reason)];
  const labels = Object.entries(ns.labels).filter(([k]) => k === 'istio-injection' || k.startsWith('istio.io/'));
  if (labels.length) lines.push(`Labels: ${labels.map(([k, v]) => `\`${k}=${v}\``).join(', ')}`);
  const changed = labelChangeLine(ns.labelChange);
  if (changed) lines.push(changed);
  if (ns.target?.via === 'auto') lines.push('No injection label: the default revision\'s `auto.*` webhook (enableNamespacesByDefault) injects every pod that does not choose itself. Setting `istio.io/rev` moves it like any other namespace.');
  lines.push(...ownerTooltipLines(ns.managedBy));
  if (ns.conflict) lines.push(`⚠ ${md(ns.conflict)}`);
  if (podLevel) lines.push('The namespace has no injection label: these pods chose their revision with their own `istio.io/rev` label.');
  if (ns.ambient) lines.push(AMBIENT_NOTE);
  const c = countProxies(ns.workloads);
  if (c.stale > 0) lines.push(`⚠ ${plural(c.stale, 'pod')} ${byCount(c.stale, 'needs', 'need')} a rollout restart to get the target revision's proxy.`);
  return lines.join('\n\n');
}

export function workloadDescription(w: Workload, targetVersion?: string): string {
  const injected = w.pods.filter((p) => p.injected);
  const stale = w.pods.filter((p) => p.needsRestart);
  const parts: string[] = [w.kind];
  if (w.paused) parts.push('paused');
  if (stale.length > 0) {
    const olds = [...new Set(stale.map((p) => p.proxyVersion ?? (p.injected ? 'unknown' : 'no proxy')))];
    if (targetVersion && olds.every((v) => v === targetVersion)) {
      parts.push(`⚠ ${stale.length}/${w.pods.length} ${stale.length === 1 ? 'needs' : 'need'} a restart`);
    } else {
      parts.push(`⚠ ${w.pods.length - stale.length}/${w.pods.length}${targetVersion ? ` on ${targetVersion}` : ' current'} (still ${olds.join(', ')})`);
    }
  } else if (injected.length > 0) {
    const versions = [...new Set(injected.map((p) => p.proxyVersion ?? 'unknown'))].join(', ');
    parts.push(`${injected.length}/${w.pods.length} on ${versions}`);
  } else {
    parts.push(w.pods.length ? `${plural(w.pods.length, 'pod')} without proxy` : 'no pods');
  }
  if (!w.restartable && stale.length > 0) parts.push('cannot be rolled');
  return parts.join(' · ');
}

export function proxyDescription(p: Proxy): string {
  if (!p.injected) return p.needsRestart ? '⚠ no proxy — restart to inject' : 'no proxy';
  const parts = [p.revision ?? 'revision unknown', p.proxyVersion ?? 'version unknown'];
  if (p.pinnedImage) parts.push('pinned image');
  if (p.needsRestart) parts.push('⚠ stale');
  return parts.join(' · ');
}

export function proxyTooltip(p: Proxy): string {
  const lines = [`**Pod ${md(p.pod)}**${p.phase ? ` (${p.phase})` : ''}`];
  if (p.injected) {
    lines.push(`Injected revision: ${p.revision ? md(p.revision) : 'unknown'} (from ${p.revisionSource})`);
    lines.push(`Proxy: ${p.proxyVersion ?? 'unknown version'}${p.proxyImage ? ` — \`${p.proxyImage}\`` : ''}`);
    if (p.pinnedImage) lines.push('The image is pinned by `sidecar.istio.io/proxyImage`: its tag is not trusted as the Istio version.');
  } else lines.push('No istio-proxy in this pod.');
  if (p.needsRestart && p.restartReason) lines.push(`⚠ ${md(p.restartReason)}`);
  return lines.join('\n\n');
}
