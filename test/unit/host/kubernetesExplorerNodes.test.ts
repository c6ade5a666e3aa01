// First: the nodes import `vscode`.
import { TreeItemCollapsibleState } from '../views/vscodeStub';
import { strict as assert } from 'node:assert';
import type { ClusterState } from '../../../src/fleet/clusterState';
import {
  explorerSignature, istioNodeContributor, IstioRevisionsNode, REVEAL_COMMAND, type ExplorerModel,
} from '../../../src/host/kubernetesExplorerNodes';
import type { ContributedNode } from '../../../src/host/kubernetesExtensionApi';
import { revision, snapshot } from '../views/snapshotFixtures';

interface Item { label: string; description?: string; contextValue?: string; collapsibleState: number; command?: { command: string; arguments?: unknown[] } }
const item = (n: ContributedNode): Item => n.getTreeItem() as unknown as Item;

function model(states: Record<string, ClusterState>, loadTo?: ClusterState): ExplorerModel & { loads: string[] } {
  const loads: string[] = [];
  return {
    loads,
    cluster: (c) => states[c],
    ensureLoaded: async (c) => {
      loads.push(c);
      if (loadTo && states[c]?.status === 'idle') states[c] = loadTo;
      return states[c];
    },
    kubeconfigSource: () => 'KUBECONFIG',
  };
}

const mesh = snapshot({
  context: 'prod',
  revisions: [
    revision('1-7-6', '1.7.6', { isDefault: true, tags: ['prod'], namespaceCount: 9, proxyCount: 312 }),
    revision('1-8-0', '1.8.0', { tags: ['canary'], namespaceCount: 3, proxyCount: 41 }),
  ],
});
const ready: ClusterState = { context: 'prod', isCurrent: true, status: 'ready', snapshot: mesh };

describe('host/kubernetesExplorerNodes: "Istio revisions" under the Kubernetes extension\'s clusters', () => {
  it('is offered under active and inactive contexts only, synchronously and without touching a cluster', async () => {
    const m = model({ prod: ready });
    const shown: string[] = [];
    const c = istioNodeContributor(m, (ctx) => shown.push(ctx));
    assert.equal(c.contributesChildren({ nodeType: 'context', name: 'prod' }), true);
    assert.equal(c.contributesChildren({ nodeType: 'context.inactive', name: 'dev' }), true);
    for (const other of [undefined, { nodeType: 'folder.resource' as const }, { nodeType: 'resource' as const, name: 'x', namespace: null, resourceKind: { manifestKind: 'Namespace', abbreviation: 'namespace' } }]) {
      assert.equal(c.contributesChildren(other), false);
      assert.deepEqual(await c.getChildren(other), []);
    }
    const [node] = await c.getChildren({ nodeType: 'context', name: 'prod' });
    assert.ok(node instanceof IstioRevisionsNode);
    assert.equal(item(node).label, 'Istio revisions');
    assert.equal(item(node).description, '2 revisions');
    assert.equal(item(node).collapsibleState, TreeItemCollapsibleState.Collapsed);
    assert.deepEqual(shown, ['prod']);
    assert.deepEqual(m.loads, [], 'showing the node loads nothing');
  });

  it('lists the revisions with version, default, tags and namespaces; a row reveals it in our tree', async () => {
    const rows = await new IstioRevisionsNode('prod', model({ prod: ready })).getChildren();
    assert.deepEqual(rows.map((r) => [item(r).label, item(r).description]), [
      ['1-7-6', '1.7.6 · default · tag prod · 9 ns'],
      ['1-8-0', '1.8.0 · tag canary · 3 ns'],
    ]);
    assert.equal(item(rows[1]).command?.command, REVEAL_COMMAND);
    assert.deepEqual(item(rows[1]).command?.arguments, [{ context: 'prod', revision: '1-8-0' }]);
  });

  it('an idle context says so until expanded, then connects (lazily, like our tree)', async () => {
    const m = model({ dev: { context: 'dev', isCurrent: false, status: 'idle' } }, { ...ready, context: 'dev', isCurrent: false });
    const node = new IstioRevisionsNode('dev', m);
    assert.equal(item(node).description, 'not connected — expand to connect');
    assert.deepEqual(m.loads, []);
    const rows = await node.getChildren();
    assert.deepEqual(m.loads, ['dev']);
    assert.equal(rows.length, 2);
  });

  it('explains instead of failing: unknown context, cluster error, no Istio', async () => {
    const m = model({
      bad: { context: 'bad', isCurrent: false, status: 'error', error: { kind: 'forbidden', message: 'cannot list pods', remedy: 'ask for RBAC' } },
      bare: { context: 'bare', isCurrent: false, status: 'ready', snapshot: snapshot() },
    });
    const label = async (ctx: string) => (await new IstioRevisionsNode(ctx, m).getChildren()).map((r) => item(r).label);
    assert.deepEqual(await label('elsewhere'), ['elsewhere is not in the kubeconfig Istio Upgrades reads']);
    assert.deepEqual(await label('bad'), ['forbidden: cannot list pods']);
    assert.deepEqual(await label('bare'), ['Istio not found: no istiod Deployment and no sidecar-injector webhook']);
  });

  it('its signature (what is worth a redraw of their whole tree) ignores proxy counts', () => {
    const moreProxies = { ...ready, snapshot: { ...mesh, revisions: mesh.revisions.map((r) => ({ ...r, proxyCount: r.proxyCount + 5 })) } };
    assert.equal(explorerSignature(moreProxies), explorerSignature(ready));
    const retagged = { ...ready, snapshot: { ...mesh, revisions: mesh.revisions.map((r) => ({ ...r, tags: [] })) } };
    assert.notEqual(explorerSignature(retagged), explorerSignature(ready));
    assert.notEqual(explorerSignature({ ...ready, status: 'loading' }), explorerSignature(ready));
  });
});
