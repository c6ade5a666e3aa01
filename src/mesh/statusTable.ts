/** The human face of `istio-canary status`: per cluster, revisions, tags and namespaces as aligned text columns. */
import type { ManagedBy, MeshSnapshot, NamespaceBinding } from './model';
import { ownerText } from './owners/ownerText';
import { isReportedNamespace, proxyCountOf, staleCount, type StatusInput } from './statusJson';

/** An OWNER column, only when some row has an owner (so owner-less clusters read as before). */
function withOwners<T>(header: string[], items: readonly T[], row: (item: T) => string[], owner: (item: T) => ManagedBy | undefined): string[][] {
  const show = items.some((i) => owner(i));
  const ownerCell = (i: T) => { const o = owner(i); return o ? ownerText(o) : '-'; };
  return [show ? [...header, 'OWNER'] : header, ...items.map((i) => (show ? [...row(i), ownerCell(i)] : row(i)))];
}

/** Left-aligned columns separated by two spaces; trailing spaces trimmed. */
export function formatColumns(rows: string[][], indent = ''): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return rows.map((row) => indent + row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function targetText(ns: NamespaceBinding): string {
  if (!ns.target) return '-';
  const how = [...(ns.target.via === 'auto' ? ['auto'] : []), ...(ns.target.tag ? [`tag ${ns.target.tag}`] : [])];
  return how.length ? `${ns.target.revision} (${how.join(', ')})` : ns.target.revision;
}

function revisionRows(s: MeshSnapshot): string[][] {
  return withOwners(['REVISION', 'VERSION', 'READY', 'DEFAULT', 'TAGS', 'NAMESPACES', 'PROXIES', 'IN USE'], s.revisions, (r) => [
    r.name,
    r.version ?? '?',
    r.external ? 'external' : `${r.readyReplicas}/${r.desiredReplicas}`,
    r.isDefault ? 'yes' : '',
    r.tags.join(',') || '-',
    String(r.namespaceCount),
    String(r.proxyCount),
    r.inUse.length > 0 ? 'yes' : 'no',
  ], (r) => r.managedBy);
}

/** The reason last: it is the long column. */
function namespaceRows(namespaces: NamespaceBinding[]): string[][] {
  const rows = withOwners(['NAMESPACE', 'STATE', 'TARGET', 'PROXIES', 'STALE'], namespaces, (ns) => [
    ns.name,
    ns.conflict ? `${ns.state} (conflict)` : ns.state,
    targetText(ns),
    String(proxyCountOf(ns)),
    String(staleCount(ns)),
  ], (ns) => ns.managedBy);
  return rows.map((row, i) => [...row, i === 0 ? 'REASON' : namespaces[i - 1].reason]);
}

function clusterText(input: StatusInput): string {
  const lines = [`Cluster ${input.context}`];
  if (input.error) lines.push(`  error: ${input.error}`);
  const s = input.snapshot;
  if (!s) return lines.join('\n');
  if (s.revisions.length === 0) lines.push('  No Istio control plane found.');
  else lines.push(formatColumns(revisionRows(s), '  '));
  if (s.defaultRevision) lines.push(`  Default revision: ${s.defaultRevision.name} (from ${s.defaultRevision.source})`);
  if (s.tags.length > 0) {
    lines.push('', formatColumns(withOwners(['TAG', 'REVISION'], s.tags, (t) => [t.name, t.revision], (t) => t.managedBy), '  '));
  }
  const namespaces = s.namespaces.filter(isReportedNamespace);
  if (namespaces.length > 0) lines.push('', formatColumns(namespaceRows(namespaces), '  '));
  const conflicts = namespaces.filter((ns) => ns.conflict);
  for (const ns of conflicts) lines.push(`  ! ${ns.name}: ${ns.conflict}`);
  for (const p of s.owners?.problems ?? []) lines.push(`  Owners unknown: ${p}`);
  if (s.warnings.length > 0) {
    lines.push('', '  Warnings:', ...s.warnings.map((w) => `  - ${w}`));
  }
  return lines.join('\n');
}

export function toStatusTable(clusters: StatusInput[]): string {
  if (clusters.length === 0) return 'No clusters.\n';
  return `${clusters.map(clusterText).join('\n\n')}\n`;
}
