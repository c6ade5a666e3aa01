// First: the commands import `vscode`.
import '../views/vscodeStub';
import { strict as assert } from 'node:assert';
import { vscodeStub } from '../../../scripts/vscode/vscodeStub';
import type { CommandContext } from '../../../src/commands/commandContext';
import { migrateExplorerNamespace, revealExplorerCluster, showExplorerProxyVersions } from '../../../src/commands/kubernetesExplorerCommands';
import type { ClusterState } from '../../../src/fleet/clusterState';
import type { DiffScope } from '../../../src/mesh/proxyDiff';
import { Emitter } from '../host/fakeKubernetesApi';

/** A command context with one ready context `prod`; its node `nsNode` is namespace shop, `clusterNode` the cluster. */
function fakeCtx(resolved: Map<unknown, { context: string; namespace?: string }>) {
  const states = new Map<string, ClusterState>([['prod', { context: 'prod', isCurrent: true, status: 'ready' }]]);
  const panels: [string, DiffScope, string][] = [];
  const reveals: [string, string | undefined][] = [];
  const ctx = {
    fleet: () => ({ cluster: (c: string) => states.get(c) }),
    settings: () => ({ connectTimeoutMs: 10, requestTimeoutMs: 10, kubeconfigSource: 'KUBECONFIG', kubeconfigPaths: ['/k/config'] }),
    connectCluster: async () => undefined,
    onDidChangeClusters: new Emitter<string[]>().event,
    tree: { readChildren: () => [], findNamespace: () => undefined },
    showProxyVersions: (context: string, scope: DiffScope, title: string) => panels.push([context, scope, title]),
    revealCluster: async (context: string, revision?: string) => { reveals.push([context, revision]); },
    kubernetesExplorer: { resolve: (t: unknown) => resolved.get(t) },
  } as unknown as CommandContext;
  return { ctx, panels, reveals };
}

describe('commands/kubernetesExplorerCommands: our commands on its nodes', () => {
  const nsNode = { its: 'namespace node' };
  const clusterNode = { its: 'cluster node' };
  afterEach(() => vscodeStub.messages.splice(0));

  it('a node it cannot place (not a cluster or namespace, or its API is gone) gets a message, nothing runs', async () => {
    const { ctx, panels } = fakeCtx(new Map());
    await migrateExplorerNamespace(ctx, { unknown: true });
    await showExplorerProxyVersions(ctx, undefined);
    assert.equal(vscodeStub.messages.length, 2);
    assert.match(vscodeStub.messages[0], /^error: Migrate to Revision or Tag: cannot tell which cluster/);
    assert.deepEqual(panels, []);
  });

  it('a context our kubeconfig does not have is refused naming where ours comes from', async () => {
    const { ctx } = fakeCtx(new Map([[nsNode, { context: 'elsewhere', namespace: 'shop' }]]));
    await assert.rejects(migrateExplorerNamespace(ctx, nsNode), /context elsewhere is not in the kubeconfig Istio Upgrades reads \(KUBECONFIG: \/k\/config\)/);
  });

  it("Kubernetes' own namespaces and namespaces our tree does not list are refused with the reason", async () => {
    const { ctx } = fakeCtx(new Map([[nsNode, { context: 'prod', namespace: 'kube-system' }], [clusterNode, { context: 'prod', namespace: 'shop' }]]));
    await assert.rejects(migrateExplorerNamespace(ctx, nsNode), /kube-system is one of Kubernetes' own namespaces/);
    await assert.rejects(migrateExplorerNamespace(ctx, clusterNode), /namespace shop is not in prod as Istio Upgrades last read it/);
  });

  it('Show Proxy Versions opens the panel for that namespace of its context', async () => {
    const { ctx, panels } = fakeCtx(new Map([[nsNode, { context: 'prod', namespace: 'shop' }]]));
    await showExplorerProxyVersions(ctx, nsNode);
    assert.deepEqual(panels, [['prod', { namespaces: ['shop'] }, 'Proxy versions — prod / shop']]);
  });

  it('Reveal takes its cluster node or our own {context, revision} row argument; an unlisted context gets a warning', async () => {
    const { ctx, reveals } = fakeCtx(new Map([[clusterNode, { context: 'prod' }]]));
    await revealExplorerCluster(ctx, clusterNode);
    await revealExplorerCluster(ctx, { context: 'prod', revision: '1-8-0' });
    await revealExplorerCluster(ctx, { context: 'elsewhere' });
    assert.deepEqual(reveals, [['prod', undefined], ['prod', '1-8-0']]);
    assert.deepEqual(vscodeStub.messages, ['warning: Istio Upgrades does not list elsewhere: its kubeconfig comes from KUBECONFIG.']);
  });
});
