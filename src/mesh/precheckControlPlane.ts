/**
 * Precheck of the control planes: istiod availability, revision names the installer accepts (istio-model.md M1), and the
 * ambient node agents (ztunnel, istio-cni) that are only upgraded in place (istio-model.md M11.5, M12).
 */
import type { ClusterInventory } from './kubeObjects';
import type { Finding } from './finding';
import { imageVersion } from './imageVersion';
import type { MeshSnapshot } from './model';
import { plural } from './plural';
import { arr, isRecord, labelsOf, nameOf, namespaceOf, rec, str } from './untrusted';
import { compareVersions, minorDistance } from './versionSkew';

function availability(snapshot: MeshSnapshot): Finding[] {
  const out: Finding[] = [];
  for (const r of snapshot.revisions) {
    if (r.external) continue;
    if (r.readyReplicas > 0) continue;
    const what = r.deployment
      ? `istiod ${r.istioNamespace}/${r.deployment} has 0 of ${r.desiredReplicas} replicas ready`
      : 'no istiod Deployment exists in this cluster and its webhook calls no external URL';
    const users = r.inUse.length ? ` It is still used by ${plural(r.inUse.length, 'reference')} (namespaces, tags or proxies).` : '';
    out.push(r.isDefault ? {
      id: `istiod:${r.name}`, code: 'default-revision-unavailable', severity: 'error',
      title: `The default revision ${r.name} has no ready istiod`,
      detail: `${what}. Injection for istio-injection=enabled, istio.io/rev=default and sidecar.istio.io/inject=true fails, `
        + `Istio config validation and the mesh-wide singleton duties stop.${users} Check the istiod pods (kubectl -n ${r.istioNamespace} get pods -l app=istiod) before any upgrade step.`,
      objects: [{ kind: 'Revision', name: r.name }, ...(r.deployment ? [{ kind: 'Deployment', namespace: r.istioNamespace, name: r.deployment }] : [])],
    } : {
      id: `istiod:${r.name}`, code: 'revision-unavailable', severity: 'error',
      title: `Revision ${r.name} has no ready istiod`,
      detail: `${what}. Pods injected by it get no configuration updates, and new pods of namespaces bound to it cannot be injected.${users} `
        + 'Do not migrate workloads to it until istiod is ready.',
      objects: [{ kind: 'Revision', name: r.name }, ...(r.deployment ? [{ kind: 'Deployment', namespace: r.istioNamespace, name: r.deployment }] : [])],
    });
  }
  return out;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

function revisionNames(snapshot: MeshSnapshot): Finding[] {
  const out: Finding[] = [];
  for (const r of snapshot.revisions) {
    if (isDns1123Label(r.name)) continue;
    const dotted = r.name.includes('.') && r.name.split('.').every(isDns1123Label);
    out.push({
      id: `revision-name:${r.name}`, code: 'revision-name', severity: dotted ? 'info' : 'warning',
      title: `Revision name ${r.name} is not a DNS-1123 label`,
      detail: dotted
        ? `A dotted vendor revision name (e.g. the Banzai/Cisco operator's <name>.<namespace>) is fine for an existing vendor install, but not accepted by istioctl install --revision: name a new canary revision with dashes only (e.g. 1-24-2).`
        : `istioctl install --revision and Helm's revision value need a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters). Revision ${r.name} cannot be recreated by the installer under this name.`,
      objects: [{ kind: 'Revision', name: r.name }],
    });
  }
  return out;
}

interface NodeAgent {
  kind: 'ztunnel' | 'istio-cni';
  namespace: string;
  name: string;
  version?: string;
}

function nodeAgents(inv: ClusterInventory): NodeAgent[] {
  const out: NodeAgent[] = [];
  for (const ds of arr((inv as unknown as Record<string, unknown>).daemonSets)) {
    const name = nameOf(ds);
    const labels = labelsOf(ds);
    const kind = name === 'ztunnel' || labels.app === 'ztunnel' ? 'ztunnel'
      : name === 'istio-cni-node' || labels['k8s-app'] === 'istio-cni-node' ? 'istio-cni' : undefined;
    if (!kind) continue;
    const containers = arr(rec(rec(rec(ds, 'spec'), 'template'), 'spec').containers);
    const version = containers.map((c) => imageVersion(isRecord(c) ? str(c.image) : undefined)).find((v) => v !== undefined);
    out.push({ kind, namespace: namespaceOf(ds), name, ...(version ? { version } : {}) });
  }
  return out;
}

function ambientAgents(inv: ClusterInventory, snapshot: MeshSnapshot): Finding[] {
  const agents = nodeAgents(inv);
  if (agents.length === 0) return [];
  const objects = agents.map((a) => ({ kind: 'DaemonSet', namespace: a.namespace, name: a.name }));
  const out: Finding[] = [{
    id: 'ambient:node-agents', code: 'ambient-in-place', severity: 'info',
    title: `${[...new Set(agents.map((a) => a.kind))].join(' and ')} present: upgraded in place only`,
    detail: 'ztunnel and istio-cni run one DaemonSet per cluster: Istio supports no canary for them, even with revisions. '
      + 'Upgrade the control plane first (CNI/ztunnel 1.x work with control plane 1.x and 1.x+1), then the node agents in place; '
      + 'a ztunnel upgrade resets long-lived TCP connections on each node (consider cordoning nodes or blue/green node pools).',
    objects,
  }];
  const cpVersions = snapshot.revisions.map((r) => r.version).filter((v): v is string => !!v).sort(compareVersions);
  const newestCp = cpVersions[cpVersions.length - 1];
  for (const a of agents) {
    const d = minorDistance(newestCp, a.version);
    if (d === undefined || d <= 0) continue;
    out.push({
      id: `ambient:ahead:${a.namespace}/${a.name}`, code: 'node-agent-ahead', severity: 'error',
      title: `${a.kind} ${a.version} is newer than every control plane (${newestCp})`,
      detail: `${a.kind} at ${a.version} runs ahead of istiod ${newestCp}: the control plane must be upgraded before ${a.kind}. Upgrade istiod first, or roll ${a.namespace}/${a.name} back.`,
      objects: [{ kind: 'DaemonSet', namespace: a.namespace, name: a.name }],
    });
  }
  return out;
}

export function controlPlaneFindings(inv: ClusterInventory, snapshot: MeshSnapshot): Finding[] {
  return [...availability(snapshot), ...revisionNames(snapshot), ...ambientAgents(inv, snapshot)];
}
