import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { formatColumns, toStatusTable } from '../../../src/mesh/statusTable';
import { deploymentPods, deployment, injected118, installRevision, inventory, istiodDeployment, namespace, tagMwc } from './fixtures';
import { decodedSecret, helmMarked, rendered, withLabels } from './ownerFixtures';

function snapshot() {
  const inv = installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('default', '1-8-0'));
  inv.namespaces.push(namespace('shop', { 'istio.io/rev': 'prod' }), namespace('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'prod' }), namespace('quiet'));
  inv.deployments.push(deployment('web', 'shop'));
  inv.pods.push(...deploymentPods('web', 'shop', [injected118('1-7-6', '1.7.6'), injected118('1-8-0', '1.8.0')]));
  return buildSnapshot('kind-a', inv);
}

describe('statusTable: human text', () => {
  it('aligns columns', () => {
    assert.equal(formatColumns([['A', 'BB'], ['ccc', 'd']]), 'A    BB\nccc  d');
    assert.equal(formatColumns([['x', '']], '  '), '  x');
  });

  it('shows revisions, tags, namespaces with target and stale counts', () => {
    const text = toStatusTable([{ context: 'kind-a', snapshot: snapshot() }]);
    const lines = text.split('\n');
    assert.equal(lines[0], 'Cluster kind-a');
    assert.match(text, /^ {2}REVISION +VERSION +READY +DEFAULT +TAGS +NAMESPACES +PROXIES +IN USE$/m);
    assert.match(text, /^ {2}1-7-6 +1\.7\.6 +1\/1 +prod +1 +1 +yes$/m);
    assert.match(text, /^ {2}1-8-0 +1\.8\.0 +1\/1 +yes +default +1 +1 +yes$/m);
    assert.match(text, /Default revision: 1-8-0 \(from default-tag\)/);
    assert.match(text, /^ {2}prod +1-7-6$/m);
    assert.match(text, /^ {2}shop +bound +1-7-6 \(tag prod\) +2 +1 +istio\.io\/rev=prod → tag prod → 1-7-6$/m);
    assert.match(text, /^ {2}both +bound \(conflict\) +1-8-0 \(tag default\) +0 +0 /m);
    assert.match(text, /! both: istio-injection=enabled and istio.io\/rev=prod are both set/);
    assert.doesNotMatch(text, /quiet/);
    assert.ok(text.endsWith('\n'));
  });

  it('shows errors, empty clusters and warnings', () => {
    const text = toStatusTable([
      { context: 'down', error: 'unreachable: timeout' },
      { context: 'empty', snapshot: buildSnapshot('empty', inventory()) },
      { context: 'warn', snapshot: buildSnapshot('warn', inventory({ namespaces: [namespace('n', { 'istio-injection': 'on' })] })) },
    ]);
    assert.match(text, /Cluster down\n {2}error: unreachable: timeout/);
    assert.match(text, /Cluster empty\n {2}No Istio control plane found\./);
    assert.match(text, /Warnings:\n {2}- Namespace n: istio-injection=on is neither/);
    assert.equal(toStatusTable([]), 'No clusters.\n');
  });
});

describe('statusTable: owners (issue 13)', () => {
  it('adds an OWNER column where some row has an owner, and says which owner reads failed', () => {
    const inv = installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
    inv.deployments = inv.deployments.map((d) => (d.metadata.name === 'istiod-1-8-0' ? helmMarked(d, 'istiod-1-8-0') : d));
    inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'));
    inv.namespaces.push(withLabels(namespace('shop', { 'istio.io/rev': 'prod' }), { 'kustomize.toolkit.fluxcd.io/name': 'shop', 'kustomize.toolkit.fluxcd.io/namespace': 'apps' }));
    inv.helmReleaseSecrets = [decodedSecret({ name: 'istiod-1-8-0', chartVersion: '1.8.0', objects: [rendered('Deployment', istiodDeployment('1-8-0', '1.8.0'))] })];
    inv.ownerReads = { sail: 'absent', problems: ['Helm release Secrets in istio-gw: forbidden (RBAC): owners read from them stay unknown'] };
    const text = toStatusTable([{ context: 'kind-a', snapshot: buildSnapshot('kind-a', inv) }]);
    assert.match(text, /^ {2}REVISION +VERSION +READY +DEFAULT +TAGS +NAMESPACES +PROXIES +IN USE +OWNER$/m);
    assert.match(text, /^ {2}1-7-6 +1\.7\.6 +1\/1 +prod +1 +0 +yes +-$/m);
    assert.match(text, /^ {2}1-8-0 +1\.8\.0 +1\/1 +- +0 +0 +no +Helm release istiod-1-8-0 · istiod 1\.8\.0$/m);
    assert.match(text, /^ {2}TAG +REVISION$/m, 'no tag has an owner: no column');
    assert.match(text, /^ {2}shop +bound +1-7-6 \(tag prod\) +0 +0 +Flux Kustomization apps\/shop +istio\.io\/rev=prod → tag prod → 1-7-6$/m);
    assert.match(text, /^ {2}Owners unknown: Helm release Secrets in istio-gw: forbidden/m);
  });
});
