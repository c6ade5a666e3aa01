/**
 * Verification of migrated namespaces (pure): every pod of every workload runs a proxy injected by the
 * namespace's target revision, at that revision's version, and no pod of an older ReplicaSet is left.
 * Pods that no rollout can replace (bare pods, Jobs) are reported as warnings, not failures.
 */
import type { ClusterInventory } from './kubeObjects';
import type { MeshSnapshot, NamespaceTarget, Workload, WorkloadKindName } from './model';
import { LABEL_POD_TEMPLATE_HASH } from './labels';

export type Verdict = 'pass' | 'fail' | 'warn';

/**
 * Which istiod each proxy is connected to, from every replica's /debug/syncz, keyed by `<pod>.<namespace>`.
 * `complete` is false when some replica did not answer: a proxy missing from the map may be connected to it, so
 * absence is then not a failure (a real istiod may refuse its debug endpoint through the API server's pod proxy).
 */
export interface ProxyConnections {
  byProxy: Map<string, ProxyConnection>;
  complete: boolean;
}

/** A proxy's control-plane connection from istiod's /debug/syncz. */
export interface ProxyConnection {
  istiodPod: string;
  revision: string;
  istioVersion?: string;
}

export interface WorkloadVerdict {
  kind: WorkloadKindName;
  name: string;
  namespace: string;
  verdict: Verdict;
  pods: number;
  onTarget: number;
  reasons: string[];
}

export interface NamespaceVerdict {
  namespace: string;
  target: NamespaceTarget | null;
  targetVersion?: string;
  verdict: Verdict;
  reason?: string;
  workloads: WorkloadVerdict[];
}

function templateHashes(inv: ClusterInventory, w: Workload): Map<string, string[]> {
  const hashes = new Map<string, string[]>();
  if (w.kind !== 'Deployment') return hashes;
  const names = new Set(w.pods.map((p) => p.pod));
  for (const pod of inv.pods) {
    if (pod.metadata?.namespace !== w.namespace || !names.has(pod.metadata.name)) continue;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || pod.metadata.deletionTimestamp) continue;
    const h = pod.metadata.labels?.[LABEL_POD_TEMPLATE_HASH] ?? '';
    hashes.set(h, [...(hashes.get(h) ?? []), pod.metadata.name]);
  }
  return hashes;
}

/** `latest`, a digest, an absurd or empty tag: not an Istio version, so never counted as on target. */
function unknownVersion(image: string | undefined): string {
  return image ? `proxy version unknown (image ${JSON.stringify(image.length > 120 ? `${image.slice(0, 120)}…` : image)} has no Istio version tag)` : 'proxy version unknown (the istio-proxy container names no image)';
}

function verifyWorkload(inv: ClusterInventory, w: Workload, targetVersion: string | undefined, target: string | undefined, connections?: ProxyConnections): WorkloadVerdict {
  const reasons: string[] = [];
  const live = w.pods.filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
  let onTarget = 0;
  for (const p of live) {
    if (p.needsRestart) reasons.push(`${p.pod}: ${p.restartReason ?? 'needs a restart'}`);
    else if (p.injected && targetVersion && !p.proxyVersion) reasons.push(`${p.pod}: ${unknownVersion(p.proxyImage)}: cannot confirm it runs ${targetVersion}`);
    else if (p.injected) onTarget++;
    if (!connections || !p.injected) continue;
    const c = connections.byProxy.get(`${p.pod}.${p.namespace}`);
    if (!c && connections.complete) reasons.push(`${p.pod}: not connected to any istiod (missing from every /debug/syncz)`);
    else if (c && target && c.revision !== target) reasons.push(`${p.pod}: connected to ${c.istiodPod} (revision ${c.revision}), not to ${target}`);
  }
  const hashes = templateHashes(inv, w);
  if (hashes.size > 1) {
    const newest = [...hashes.entries()].sort((a, b) => b[1].length - a[1].length)[0][0];
    const old = [...hashes.entries()].filter(([h]) => h !== newest).flatMap(([, pods]) => pods);
    reasons.push(`pods of an older ReplicaSet are still running: ${old.join(', ')}`);
  }
  let verdict: Verdict = reasons.length ? 'fail' : 'pass';
  if (verdict === 'fail' && !w.restartable) {
    verdict = 'warn';
    reasons.push(`a ${w.kind} cannot be rolled: replace it by hand`);
  }
  if (live.length === 0) reasons.push('no running pods');
  if (targetVersion && verdict === 'pass' && onTarget > 0) reasons.push(`${onTarget}/${live.length} on ${targetVersion}`);
  return { kind: w.kind, name: w.name, namespace: w.namespace, verdict, pods: live.length, onTarget, reasons };
}

export function verifyNamespaces(
  snapshot: MeshSnapshot,
  inventory: ClusterInventory,
  namespaces: string[],
  expectedRevision?: (namespace: string) => string | undefined,
  connections?: ProxyConnections,
): NamespaceVerdict[] {
  return namespaces.map((name) => {
    const ns = snapshot.namespaces.find((n) => n.name === name);
    if (!ns) return { namespace: name, target: null, verdict: 'fail', reason: 'namespace not found', workloads: [] };
    const targetVersion = ns.target ? snapshot.revisions.find((r) => r.name === ns.target?.revision)?.version : undefined;
    const workloads = ns.workloads.map((w) => verifyWorkload(inventory, w, targetVersion, ns.target?.revision, connections));
    let reason: string | undefined;
    let verdict: Verdict = workloads.some((w) => w.verdict === 'fail') ? 'fail' : workloads.some((w) => w.verdict === 'warn') ? 'warn' : 'pass';
    const expected = expectedRevision?.(name);
    if (expected && (ns.state !== 'bound' || !ns.target)) {
      verdict = 'fail';
      reason = `not bound to ${expected}: ${ns.reason}`;
    } else if (expected && ns.target && ns.target.revision !== expected) {
      verdict = 'fail';
      reason = `bound to ${ns.target.revision}, expected ${expected}`;
    } else if (ns.state === 'dangling') {
      verdict = 'fail';
      reason = ns.reason;
    }
    return { namespace: name, target: ns.target, targetVersion, verdict, reason, workloads };
  });
}
