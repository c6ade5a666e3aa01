import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { treeItemSignature } from '../../../src/views/treeItemSignature';

/** A TreeItem as plain data (the real classes need the vscode module). */
function item(fields: Record<string, unknown>): vscode.TreeItem {
  return { label: 'ns-1', collapsibleState: 1, ...fields } as unknown as vscode.TreeItem;
}

const base = {
  id: 'cluster/c/rev/A/ns/ns-1',
  description: 'istio.io/rev · all 3 proxies 1.8.0',
  tooltip: { value: '**Namespace ns\\-1**' },
  contextValue: 'istioCanary.namespace bound',
  iconPath: { id: 'symbol-namespace' },
  accessibilityInformation: { label: 'namespace ns-1' },
};

describe('treeItemSignature', () => {
  it('is equal for items that show the same thing', () => {
    assert.equal(treeItemSignature(item(base)), treeItemSignature(item({ ...base, tooltip: { value: '**Namespace ns\\-1**' } })));
  });

  it('changes with each visible field', () => {
    const sig = treeItemSignature(item(base));
    const changes: Record<string, unknown>[] = [
      { label: 'ns-2' },
      { label: { label: 'ns-1', highlights: [[0, 2]] } },
      { description: 'istio.io/rev · ⚠ 1 of 3 proxies needs a restart' },
      { tooltip: { value: '**Namespace ns\\-1**\n\n⚠ 1 pod needs a rollout restart' } },
      { tooltip: 'plain' },
      { contextValue: 'istioCanary.namespace bound stale' },
      { iconPath: { id: 'warning', color: { id: 'charts.yellow' } } },
      { iconPath: { id: 'symbol-namespace', color: { id: 'charts.yellow' } } },
      { collapsibleState: 2 },
      { accessibilityInformation: { label: 'namespace ns-1, stale' } },
      { command: { command: 'vscode.open', title: 'Open', arguments: [{ toString: () => 'file:///a' }] } },
    ];
    for (const c of changes) assert.notEqual(treeItemSignature(item({ ...base, ...c })), sig, JSON.stringify(c));
  });

  it('compares command arguments by what they name', () => {
    const cmd = (arg: unknown) => treeItemSignature(item({ ...base, command: { command: 'x', title: 'X', arguments: [arg] } }));
    const node = { id: 'cluster/c', parent: undefined as unknown };
    node.parent = node; // a tree node points at its parent: no JSON of it
    assert.equal(cmd(node), cmd({ id: 'cluster/c' }));
    assert.notEqual(cmd({ toString: () => 'file:///a' }), cmd({ toString: () => 'file:///b' }));
    assert.notEqual(cmd(1), cmd('1'));
  });
});
