/** What every cluster has before Istio: system namespaces, three nodes, the kubernetes Service, CoreDNS. */
import { NODE_NAMES } from '../controllers/controllerContext';
import { nodeIP } from '../controllers/podLifecycle';
import type { KubeObject } from '../core/types';
import type { ScenarioContext } from './scenarioContext';
import { deployment, namespace } from './workloadObjects';

function node(name: string, index: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
        ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' } : {}),
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [{ type: 'InternalIP', address: nodeIP(name) }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.20.2', kubeProxyVersion: 'v1.20.2', containerRuntimeVersion: 'containerd://1.4.4', operatingSystem: 'linux', architecture: 'amd64', osImage: 'Ubuntu 20.04.2 LTS', kernelVersion: '5.4.0-73-generic' },
    },
  };
}

export function loadBaseCluster(ctx: ScenarioContext): void {
  ctx.apply(['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((n) => namespace(n)));
  ctx.apply(NODE_NAMES.map(node));
  ctx.apply({
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] },
  });
  ctx.apply(deployment('kube-system', 'coredns', {
    replicas: 2, image: 'k8s.gcr.io/coredns:1.7.0', podLabels: { app: 'coredns', 'k8s-app': 'kube-dns' }, port: 53,
  }));
}
