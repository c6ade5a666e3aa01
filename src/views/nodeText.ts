/**
 * Labels, descriptions and tooltips of tree nodes, as plain strings (Markdown for tooltips). Pure, unit-tested:
 * no `vscode` here, so the text is translated with @vscode/l10n (configured with VS Code's bundle at activation).
 */
import * as l10n from '@vscode/l10n';
import type { NamespaceBinding, Proxy, Revision, Tag, Workload } from '../mesh/model';
import type { ClusterState } from '../fleet/clusterState';
import { failureText } from '../fleet/failureText';
import { mdCode } from '../mesh/markdownText';
import type { NamespacePlacement } from './treeLayout';
import { countText } from './countText';
import { md } from './tooltipEscape';
import { labelChangeLine, ownerDescription, ownerTooltipLines } from './ownerNodeText';

export { md } from './tooltipEscape';

export const ambientNote = (): string => l10n.t('Ambient namespace (`istio.io/dataplane-mode=ambient`): its pods need no sidecar restart. ztunnel and istio-cni upgrade in place only (no canary, control plane first); waypoints follow their Gateway\'s `istio.io/rev`, so they move with a tag.');

/** "3 proxies", "1 proxy": the counts the tree shows most. */
export const proxiesText = (n: number): string => countText(n, (c) => l10n.t('{0} proxy', c), (c) => l10n.t('{0} proxies', c));
export const namespacesText = (n: number): string => countText(n, (c) => l10n.t('{0} namespace', c), (c) => l10n.t('{0} namespaces', c));
export const currentContextText = (): string => l10n.t('current context');
export const revisionsText = (n: number): string => countText(n, (c) => l10n.t('{0} revision', c), (c) => l10n.t('{0} revisions', c));


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
  if (state.isCurrent) parts.push(currentContextText());
  if (state.status === 'idle') parts.push(state.authHint ? l10n.t('not connected — expand to connect ({0})', state.authHint) : l10n.t('not connected — expand to connect'));
  if (state.status === 'loading') parts.push(l10n.t('loading…'));
  if (state.pending) parts.push(l10n.t('counting proxies…'));
  if (state.status === 'error' && state.error) parts.push(`✖ ${failureText(state.error)}`);
  if (state.status === 'ready' && state.snapshot) {
    const s = state.snapshot;
    parts.push(s.revisions.length === 0 ? l10n.t('Istio not found') : revisionsText(s.revisions.length));
    // No count here: the cluster row would change (and VS Code re-render the whole cluster) on every relabel;
    // the revision and namespace rows below carry the numbers.
    if (s.namespaces.some((ns) => ns.workloads.some((w) => w.pods.some((p) => p.needsRestart)))) parts.push(l10n.t('⚠ proxies need a restart'));
  }
  if (state.degraded) parts.push(l10n.t('⚠ live updates paused: {0}', state.degraded.message));
  return parts.join(' · ');
}

export function clusterTooltip(state: ClusterState): string {
  const lines = [`**${md(state.context)}**${state.isCurrent ? ` ${l10n.t('(current context)')}` : ''}`];
  if (state.server) lines.push(l10n.t('Server: {0}', `\`${state.server}\``));
  if (state.sourceFile) lines.push(l10n.t('Kubeconfig: {0}', `\`${state.sourceFile}\``));
  if (state.error) {
    lines.push(`**${state.error.kind}**: ${md(state.error.message)}`);
    if (state.error.remedy) lines.push(md(state.error.remedy));
  }
  if (state.status === 'idle') {
    lines.push(state.authHint
      ? l10n.t('Not connected: nothing has been sent to this cluster yet. Expand it or choose **Connect** to read it — connecting runs {0} for credentials.', mdCode(state.authHint))
      : l10n.t('Not connected: nothing has been sent to this cluster yet. Expand it or choose **Connect** to read it.'));
  }
  if (state.degraded) lines.push(l10n.t('Live updates paused: {0} (retrying)', md(state.degraded.message)));
  if (state.loadMs !== undefined) lines.push(l10n.t('Loaded in {0} ms', state.loadMs));
  return lines.join('\n\n');
}

export function revisionDescription(rev: Revision): string {
  const parts = [rev.version ?? l10n.t('version unknown')];
  if (rev.isDefault) parts.push(l10n.t('default'));
  const owner = ownerDescription(rev.managedBy);
  if (owner) parts.push(owner);
  if (rev.external) parts.push(l10n.t('external control plane'));
  else parts.push(l10n.t('ready {0}/{1}', rev.readyReplicas, rev.desiredReplicas));
  // Same English both ways: the comments make them two messages, so a language can tell them apart.
  parts.push(countText(rev.namespaceCount,
    (c) => l10n.t({ message: '{0} ns', args: [c], comment: ['One namespace, abbreviated'] }),
    (c) => l10n.t({ message: '{0} ns', args: [c], comment: ['Several namespaces, abbreviated'] })));
  if (rev.countingProxies) return [...parts, ...soFar(rev.proxyCount), l10n.t('counting proxies…')].join(' · ');
  parts.push(proxiesText(rev.proxyCount));
  // The last step of a canary upgrade: say when nothing (namespace, tag, proxy, default) uses it any more.
  if (rev.inUse.length === 0 && !rev.isDefault && !rev.external) parts.push(l10n.t('unused — can be removed'));
  return parts.join(' · ');
}

/** While the pods are still listed: the proxies counted so far, once there are some. */
function soFar(proxies: number): string[] {
  return proxies > 0 ? [countText(proxies, (c) => l10n.t('{0} proxy so far', c), (c) => l10n.t('{0} proxies so far', c))] : [];
}

export function revisionTooltip(rev: Revision): string {
  const lines = [rev.isDefault ? l10n.t('**Revision {0}** — the default revision', md(rev.name)) : l10n.t('**Revision {0}**', md(rev.name))];
  lines.push(l10n.t('Version: {0} (from {1})', rev.version ?? l10n.t('unknown'), rev.versionSource));
  if (rev.deployment) lines.push(l10n.t('istiod: {0} — ready {1}/{2}', `\`${rev.istioNamespace}/${rev.deployment}\``, rev.readyReplicas, rev.desiredReplicas));
  if (rev.external) lines.push(l10n.t('External control plane: the injector webhook calls a URL and no istiod runs in this cluster.'));
  if (rev.injectorWebhooks.length) lines.push(l10n.t('Injector webhooks: {0}', rev.injectorWebhooks.map((w) => `\`${w}\``).join(', ')));
  if (rev.tags.length) lines.push(l10n.t('Tags: {0}', rev.tags.map(md).join(', ')));
  lines.push(...ownerTooltipLines(rev.managedBy));
  const uses = `${rev.inUse.slice(0, 8).map(describeUse).join(', ')}${rev.inUse.length > 8 ? ', …' : ''}`;
  lines.push(rev.countingProxies ? l10n.t('Counting proxies: the pods are still being listed.') : rev.inUse.length === 0
    ? l10n.t('Not in use: no namespace, tag or proxy refers to it.')
    : countText(rev.inUse.length, (c) => l10n.t('In use by {0} reference: {1}', c, uses), (c) => l10n.t('In use by {0} references: {1}', c, uses)));
  return lines.join('\n\n');
}

function describeUse(u: Revision['inUse'][number]): string {
  switch (u.kind) {
    case 'tag': return l10n.t('tag {0}', md(u.tag));
    case 'namespace': return l10n.t('namespace {0}', md(u.namespace));
    case 'pod': return l10n.t('pod {0}', `${md(u.namespace)}/${md(u.pod)}`);
    case 'default': return l10n.t('default revision');
  }
}

export function tagLabel(tag: Tag): string {
  return `${tag.name} → ${tag.revision}`;
}

export function tagDescription(tag: Tag, namespaces: readonly NamespaceBinding[]): string {
  const n = namespaces.filter((ns) => ns.target?.tag === tag.name).length;
  const owner = tag.managedBy?.kind === 'helm' ? `${ownerDescription(tag.managedBy)} (revisionTags)` : ownerDescription(tag.managedBy);
  return [l10n.t('tag'), ...(owner ? [owner] : []), namespacesText(n)].join(' · ');
}

export function tagTooltip(tag: Tag, namespaces: readonly NamespaceBinding[]): string {
  const users = namespaces.filter((ns) => ns.target?.tag === tag.name).map((ns) => md(ns.name));
  const lines = [l10n.t('**Tag {0}** → revision {1}', md(tag.name), md(tag.revision))];
  if (tag.webhook) lines.push(l10n.t('Webhook: {0}', `\`${tag.webhook}\``));
  if (tag.service) lines.push(l10n.t('Service: {0}', `\`${tag.service}\``));
  lines.push(...ownerTooltipLines(tag.managedBy));
  lines.push(users.length ? l10n.t('Namespaces: {0}', users.join(', ')) : l10n.t('No namespace uses this tag.'));
  lines.push(l10n.t('Moving a tag changes nothing until the pods of its namespaces restart.'));
  return lines.join('\n\n');
}

export function namespaceDescription(p: NamespacePlacement): string {
  const ns = p.namespace;
  const parts: string[] = [];
  if (p.podLevel) {
    // Pods choose themselves: by their own istio.io/rev, or (sidecar.istio.io/inject=true) the default injector.
    const byLabel = p.workloads.some((w) => w.templateRevision);
    parts.push(ns.state === 'disabled' ? 'istio-injection=disabled' : byLabel ? l10n.t('pod-level istio.io/rev') : l10n.t('pod-level injection'));
  }
  else if (ns.target?.via === 'auto') parts.push(l10n.t('auto-injected by the default revision'));
  else if (ns.target?.via === 'tag') parts.push(l10n.t('via tag {0}', ns.target.tag ?? ''));
  else if (ns.target?.via === 'istio-injection') parts.push(`istio-injection=enabled → ${ns.target.tag ? l10n.t('tag {0}', ns.target.tag) : l10n.t('default')}`);
  else parts.push('istio.io/rev');
  const owner = ownerDescription(ns.managedBy);
  if (owner) parts.push(owner);
  if (ns.conflict) parts.push(l10n.t('⚠ both labels'));
  if (ns.ambient) parts.push(l10n.t('ambient'));
  const c = countProxies(p.workloads);
  if (ns.countingProxies) parts.push(...soFar(c.total), l10n.t('counting proxies…'));
  else if (c.stale > 0) parts.push(staleProxiesText(c.stale, c.total));
  else if (c.total > 0) parts.push(countText(c.total, (n) => l10n.t('all {0} proxy {1}', n, c.versions.join(', ')), (n) => l10n.t('all {0} proxies {1}', n, c.versions.join(', '))));
  else parts.push(l10n.t('no proxies'));
  return parts.join(' · ');
}

/** "⚠ 2 of 5 proxies need a restart": one message per agreement of the two counts. */
function staleProxiesText(stale: number, total: number): string {
  if (stale !== 1) return l10n.t('⚠ {0} of {1} proxies need a restart', stale, total);
  return total === 1 ? l10n.t('⚠ 1 of 1 proxy needs a restart') : l10n.t('⚠ 1 of {0} proxies needs a restart', total);
}

export function namespaceTooltip(ns: NamespaceBinding, podLevel = false): string {
  const lines = [l10n.t('**Namespace {0}**', md(ns.name)), md(ns.reason)];
  const labels = Object.entries(ns.labels).filter(([k]) => k === 'istio-injection' || k.startsWith('istio.io/'));
  if (labels.length) lines.push(l10n.t('Labels: {0}', labels.map(([k, v]) => `\`${k}=${v}\``).join(', ')));
  const changed = labelChangeLine(ns.labelChange);
  if (changed) lines.push(changed);
  if (ns.target?.via === 'auto') lines.push(l10n.t('No injection label: the default revision\'s `auto.*` webhook (enableNamespacesByDefault) injects every pod that does not choose itself. Setting `istio.io/rev` moves it like any other namespace.'));
  lines.push(...ownerTooltipLines(ns.managedBy));
  if (ns.conflict) lines.push(`⚠ ${md(ns.conflict)}`);
  if (podLevel) lines.push(l10n.t('The namespace has no injection label: these pods chose their revision with their own `istio.io/rev` label.'));
  if (ns.ambient) lines.push(ambientNote());
  const c = countProxies(ns.workloads);
  if (c.stale > 0) {
    lines.push(countText(c.stale,
      (n) => l10n.t('⚠ {0} pod needs a rollout restart to get the target revision\'s proxy.', n),
      (n) => l10n.t('⚠ {0} pods need a rollout restart to get the target revision\'s proxy.', n)));
  }
  return lines.join('\n\n');
}

export function workloadDescription(w: Workload, targetVersion?: string): string {
  const injected = w.pods.filter((p) => p.injected);
  const stale = w.pods.filter((p) => p.needsRestart);
  const parts: string[] = [w.kind];
  if (w.paused) parts.push(l10n.t('paused'));
  if (stale.length > 0) {
    const olds = [...new Set(stale.map((p) => p.proxyVersion ?? (p.injected ? l10n.t('unknown') : l10n.t('no proxy'))))];
    if (targetVersion && olds.every((v) => v === targetVersion)) {
      parts.push(stale.length === 1 ? l10n.t('⚠ {0}/{1} needs a restart', stale.length, w.pods.length) : l10n.t('⚠ {0}/{1} need a restart', stale.length, w.pods.length));
    } else {
      const ready = w.pods.length - stale.length;
      parts.push(targetVersion
        ? l10n.t('⚠ {0}/{1} on {2} (still {3})', ready, w.pods.length, targetVersion, olds.join(', '))
        : l10n.t('⚠ {0}/{1} current (still {2})', ready, w.pods.length, olds.join(', ')));
    }
  } else if (injected.length > 0) {
    const versions = [...new Set(injected.map((p) => p.proxyVersion ?? l10n.t('unknown')))].join(', ');
    parts.push(l10n.t('{0}/{1} on {2}', injected.length, w.pods.length, versions));
  } else {
    parts.push(w.pods.length ? countText(w.pods.length, (n) => l10n.t('{0} pod without proxy', n), (n) => l10n.t('{0} pods without proxy', n)) : l10n.t('no pods'));
  }
  if (!w.restartable && stale.length > 0) parts.push(l10n.t('cannot be rolled'));
  return parts.join(' · ');
}

export function proxyDescription(p: Proxy): string {
  if (!p.injected) return p.needsRestart ? l10n.t('⚠ no proxy — restart to inject') : l10n.t('no proxy');
  const parts = [p.revision ?? l10n.t('revision unknown'), p.proxyVersion ?? l10n.t('version unknown')];
  if (p.pinnedImage) parts.push(l10n.t('pinned image'));
  if (p.needsRestart) parts.push(l10n.t('⚠ stale'));
  return parts.join(' · ');
}

export function proxyTooltip(p: Proxy): string {
  const lines = [`${l10n.t('**Pod {0}**', md(p.pod))}${p.phase ? ` (${p.phase})` : ''}`];
  if (p.injected) {
    lines.push(l10n.t('Injected revision: {0} (from {1})', p.revision ? md(p.revision) : l10n.t('unknown'), p.revisionSource));
    lines.push(`${l10n.t('Proxy: {0}', p.proxyVersion ?? l10n.t('unknown version'))}${p.proxyImage ? ` — \`${p.proxyImage}\`` : ''}`);
    if (p.pinnedImage) lines.push(l10n.t('The image is pinned by `sidecar.istio.io/proxyImage`: its tag is not trusted as the Istio version.'));
  } else lines.push(l10n.t('No istio-proxy in this pod.'));
  if (p.needsRestart && p.restartReason) lines.push(`⚠ ${md(p.restartReason)}`);
  return lines.join('\n\n');
}
