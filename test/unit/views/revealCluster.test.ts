import './vscodeStub';
import { strict as assert } from 'node:assert';
import { revealCluster } from '../../../src/views/revealCluster';
import { TreeNode } from '../../../src/views/treeNode';

class Node extends TreeNode {
  getTreeItem(): never {
    throw new Error('not needed');
  }
  refreshFrom(): void {
    // nothing to take over
  }
}

const cluster = new Node('cluster/prod', undefined);
const rev = new Node('cluster/prod/rev/1-8-0', cluster);
const tree = { readChildren: (n?: TreeNode) => (n ? (n === cluster ? [rev] : []) : [cluster]) };

function view(failures: number) {
  const calls: { id: string; expand: unknown }[] = [];
  return {
    calls,
    reveal: async (n: TreeNode, o?: { expand?: unknown }) => {
      calls.push({ id: n.id, expand: o?.expand });
      if (calls.length <= failures) throw new Error('Data tree node not found: 1/cluster/prod');
    },
  };
}

describe('views/revealCluster: show our tree at a cluster or revision', () => {
  it('selects and expands the cluster; a revision is selected when it is listed', async () => {
    const v = view(0);
    assert.equal(await revealCluster(v, tree, 'prod'), true);
    assert.equal(await revealCluster(v, tree, 'prod', '1-8-0'), true);
    assert.equal(await revealCluster(v, tree, 'prod', 'gone'), true);
    assert.deepEqual(v.calls, [{ id: 'cluster/prod', expand: true }, { id: rev.id, expand: false }, { id: 'cluster/prod', expand: true }]);
  });

  it('says false for a context the tree does not list, without revealing anything', async () => {
    const v = view(0);
    assert.equal(await revealCluster(v, tree, 'elsewhere'), false);
    assert.equal(v.calls.length, 0);
  });

  it('tries again while the view is still re-reading its rows, and gives up with the error after a few tries', async () => {
    const v = view(2);
    assert.equal(await revealCluster(v, tree, 'prod', undefined, 1), true);
    assert.equal(v.calls.length, 3);
    await assert.rejects(revealCluster(view(99), tree, 'prod', undefined, 1), /Data tree node not found/);
  });
});
