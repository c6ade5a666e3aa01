// First: sailNode imports `vscode`.
import { TreeItemCollapsibleState } from './vscodeStub';
import { strict as assert } from 'node:assert';
import type { ManagedBy, SailView } from '../../../src/mesh/model';
import { namespaceDescription, namespaceTooltip, revisionDescription, revisionTooltip, tagDescription, tagTooltip } from '../../../src/views/nodeText';
import { labelChangeLine, sailIstioDescription, sailRevisionDescription } from '../../../src/views/ownerNodeText';
import { sailNodes } from '../../../src/views/sailNode';
import { MessageNode } from '../../../src/views/messageNode';
import { namespace, revision } from './snapshotFixtures';

const helm: ManagedBy = {
  kind: 'helm', name: 'istiod-canary', namespace: 'istio-system', resource: 'release', chart: 'istiod 1.24.2',
  evidence: ['annotations meta.helm.sh/release-name=istiod-canary, meta.helm.sh/release-namespace=istio-system', 'rendered by revision 3 of release istiod-canary (deployed)'],
};
const argo: ManagedBy = { kind: 'argocd', name: 'payments', resource: 'Application', evidence: ['annotation argocd.argoproj.io/tracking-id=payments:/Namespace:/payments'] };

describe('tree text with owners (issue 13)', () => {
  it('a revision row and tooltip name its owner and what reverts a direct edit', () => {
    const r = revision('canary', '1.24.2', { managedBy: helm, namespaceCount: 2, proxyCount: 5, inUse: [{ kind: 'namespace', namespace: 'a' }] });
    assert.equal(revisionDescription(r), '1.24.2 · Helm release istiod-canary · ready 1/1 · 2 ns · 5 proxies');
    assert.equal(revisionDescription({ ...r, managedBy: { ...helm, releaseStatus: 'pending-upgrade' } }), '1.24.2 · Helm release istiod-canary ⚠ pending-upgrade · ready 1/1 · 2 ns · 5 proxies');
    const tip = revisionTooltip(r);
    assert.match(tip, /Owner: \*\*Helm release istiod\\-canary · istiod 1\\\.24\\\.2\*\* \(annotations meta\\\.helm\\\.sh\/release\\-name=istiod\\-canary/);
    assert.match(tip, /The next helm upgrade or helm rollback of istiod\\-canary restores the chart's fields/);
    assert.doesNotMatch(revisionTooltip(revision('x', '1.0.0')), /Owner:/);
  });

  it('a tag row says which release\'s revisionTags render it, or which Sail resource', () => {
    const ns = [namespace('a', { state: 'bound', target: { revision: 'canary', via: 'tag', tag: 'prod' } })];
    assert.equal(tagDescription({ name: 'prod', revision: 'canary', managedBy: helm }, ns), 'tag · Helm release istiod-canary (revisionTags) · 1 namespace');
    assert.equal(tagDescription({ name: 'prod', revision: 'canary', managedBy: { kind: 'sail', name: 'prod', resource: 'IstioRevisionTag', evidence: [] } }, ns), 'tag · Sail IstioRevisionTag prod · 1 namespace');
    assert.equal(tagDescription({ name: 'prod', revision: 'canary' }, []), 'tag · 0 namespaces');
    assert.match(tagTooltip({ name: 'prod', revision: 'canary', managedBy: helm }, ns), /Owner: \*\*Helm release/);
  });

  it('a namespace row names its GitOps owner; its tooltip says who last set its injection label', () => {
    const ns = namespace('payments', {
      state: 'bound', target: { revision: 'canary', via: 'istio.io/rev' }, labels: { 'istio.io/rev': 'canary' }, managedBy: argo,
      labelChange: { manager: 'kubectl-label', operation: 'Update', time: '2026-03-01T10:00:00Z', labels: ['istio.io/rev'] },
    });
    assert.equal(namespaceDescription({ namespace: ns, podLevel: false, workloads: [] }), 'istio.io/rev · Argo CD app payments · no proxies');
    const tip = namespaceTooltip(ns);
    assert.match(tip, /`istio\.io\/rev` last set by `kubectl-label` \(Update\) at 2026\\-03\\-01T10:00:00Z — from managedFields/);
    assert.match(tip, /Owner: \*\*Argo CD app payments\*\*/);
    assert.match(tip, /Argo CD puts Git's values back at the next sync of payments/);
    assert.equal(labelChangeLine(undefined), undefined);
  });

  it('an unlabeled namespace the default revision auto-injects reads "auto-injected by the default revision", not pod-level', () => {
    const ns = namespace('apps', { state: 'bound', target: { revision: '1-24-2', via: 'auto', tag: 'default' }, reason: 'no injection label: istio-revision-tag-default\'s auto.sidecar-injector.istio.io injects unlabeled namespaces → tag default → 1-24-2' });
    assert.equal(namespaceDescription({ namespace: ns, podLevel: false, workloads: [] }), 'auto-injected by the default revision · no proxies');
    assert.match(namespaceTooltip(ns), /No injection label: the default revision's `auto\.\*` webhook/);
  });

  it('the Sail node: Istio version, strategy, active revision, counts, and where Sail and we disagree', () => {
    const view: SailView = {
      istios: [{ name: 'default', version: 'v1.30.3', updateStrategy: 'RevisionBased', activeRevision: 'default-v1-30-3', revisions: { total: 2, ready: 2, inUse: 1 }, state: 'Healthy' }],
      revisions: [
        { name: 'default-v1-29-0', istio: 'default', version: 'v1.29.0', ready: true, sailInUse: false, oursInUse: true, disagreement: 'Sail says default-v1-29-0 is not in use … but namespace shop still uses it' },
        { name: 'default-v1-30-3', istio: 'default', version: 'v1.30.3', ready: true, sailInUse: true, oursInUse: true },
        { name: 'loose', version: 'v1.30.3', sailInUse: undefined, oursInUse: undefined },
      ],
      tags: [{ name: 'prod', targetKind: 'Istio', targetName: 'default', revision: 'default-v1-30-3' }],
    };
    assert.equal(sailIstioDescription(view.istios[0], view.revisions.slice(0, 2)), 'v1.30.3 · RevisionBased · active default-v1-30-3 · 2 revisions, 1 in use · ⚠ 1 disagrees with ours');
    assert.equal(sailRevisionDescription(view.revisions[0]), 'v1.29.0 · ready · not in use · ⚠ we see users');
    assert.equal(sailRevisionDescription(view.revisions[2]), 'v1.30.3 · in use: unknown');
    const parent = new MessageNode('cluster/c', undefined, 'c', 'info');
    const nodes = sailNodes(parent, view);
    assert.deepEqual(nodes.map((n) => [n.id, n.getTreeItem().label, n.getTreeItem().collapsibleState === TreeItemCollapsibleState.Collapsed]), [
      ['cluster/c/sail/default', 'Sail: Istio default', true],
      ['cluster/c/sail/', 'Sail: revisions of no Istio resource', true],
    ]);
    assert.equal(nodes[0].getTreeItem().contextValue, 'istioCanary.sail disagrees');
    assert.deepEqual(nodes[0].getChildren().map((c) => [c.id, c.getTreeItem().description]), [
      ['cluster/c/sail/default/tag/prod', 'tag → Istio default (default-v1-30-3)'],
      ['cluster/c/sail/default/rev/default-v1-29-0', 'v1.29.0 · ready · not in use · ⚠ we see users'],
      ['cluster/c/sail/default/rev/default-v1-30-3', 'v1.30.3 · ready · in use'],
    ]);
    assert.deepEqual(nodes[1].getChildren().map((c) => c.id), ['cluster/c/sail//rev/loose']);
    assert.deepEqual(sailNodes(parent, undefined), []);
  });
});

describe('tree text: istioctl-installed revisions', () => {
  it('the row says only the tool; the tooltip names the IstioOperator', () => {
    const owner: ManagedBy = { kind: 'istioctl', name: 'installed-state', resource: 'IstioOperator', evidence: ['label operator.istio.io/managed=Reconcile'] };
    const r = revision('1-7-6', '1.7.6', { managedBy: owner, inUse: [{ kind: 'tag', tag: 'prod' }] });
    assert.equal(revisionDescription(r), '1.7.6 · istioctl install · ready 1/1 · 0 ns · 0 proxies');
    assert.match(revisionTooltip(r), /Owner: \*\*istioctl install \\\(IstioOperator installed\\-state\\\)\*\*/);
    assert.match(revisionTooltip(r), /The next istioctl install re\\-applies/);
  });
});

describe('tree text: hostile manager names', () => {
  it('a backtick in a managedFields manager cannot end the code span', () => {
    const line = labelChangeLine({ manager: 'evil`**bold**', labels: ['istio-injection'] }) ?? '';
    assert.equal(line, '`istio-injection` last set by ``evil`**bold**`` — from managedFields');
  });
});
