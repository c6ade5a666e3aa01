import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { blockerText, planRevisionRemoval, removalMarkdown } from '../../../src/mesh/revisionRemoval';
import type { ClusterInventory, KConfigMap, KWebhookConfiguration } from '../../../src/mesh/kubeObjects';
import { defaultValidator, deploymentPods, injected118, installRevision, inventory, namespace, tagMwc } from './fixtures';
import { helmGw } from './gatewayFixtures';

function mesh(): ClusterInventory {
  const inv = installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
  const validator = (rev: string): KWebhookConfiguration => ({ metadata: { name: `istio-validator-${rev}-istio-system`, labels: { 'istio.io/rev': rev } }, webhooks: [] });
  const meshCm = (rev: string): KConfigMap => ({ metadata: { name: `istio-${rev}`, namespace: 'istio-system', labels: { 'istio.io/rev': rev } }, data: {} });
  inv.validatingWebhooks.push(validator('1-7-6'), validator('1-8-0'));
  inv.configMaps.push(meshCm('1-7-6'), meshCm('1-8-0'));
  inv.namespaces.push(namespace('istio-system'));
  return inv;
}

function refusal(inv: ClusterInventory, rev = '1-7-6'): string[] {
  const r = planRevisionRemoval(inv, buildSnapshot('c', inv), rev);
  assert.equal(r.ok, false);
  return r.ok ? [] : r.blockers.map(blockerText);
}

describe('revision removal', () => {
  it('refuses the default revision', () => {
    const inv = mesh();
    inv.validatingWebhooks.push(defaultValidator('1-7-6'));
    assert.deepEqual(refusal(inv), [blockerText({ kind: 'default' })]);
  });

  it('refuses while a tag points at it', () => {
    const inv = mesh();
    inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'));
    assert.deepEqual(refusal(inv), ['tag prod points at it — move or delete the tag first']);
  });

  it('refuses while namespaces use it directly or through a tag, listing each', () => {
    const inv = mesh();
    inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'));
    inv.namespaces.push(namespace('a', { 'istio.io/rev': 'prod' }), namespace('b', { 'istio.io/rev': '1-7-6' }));
    const list = refusal(inv);
    assert.ok(list.includes('namespace a injects with it (through tag prod) — migrate it first'), list.join('\n'));
    assert.ok(list.includes('namespace b injects with it — migrate it first'));
  });

  it('refuses while pods carry its proxy', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('n'));
    inv.pods.push(...deploymentPods('app', 'n', [injected118('1-7-6', '1.7.6')]));
    assert.deepEqual(refusal(inv), [`pod n/${inv.pods[0].metadata.name} carries its proxy — restart it onto another revision first`]);
  });

  it('refuses while a gateway without istio.io/rev would follow it as the default', () => {
    const inv = mesh();
    inv.mutatingWebhooks.push(tagMwc('default', '1-7-6'));
    inv.namespaces.push(namespace('istio-gateways'));
    inv.deployments.push(helmGw('gw'));
    const list = refusal(inv);
    assert.ok(list.some((l) => l.startsWith('gateway istio-gateways/gw has no istio.io/rev and follows the default revision')), list.join('\n'));
    assert.ok(list.includes('tag default points at it — move or delete the tag first'));
  });

  it('refuses while a gateway pins it on its pod template, and an unknown revision', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('istio-gateways'));
    inv.deployments.push(helmGw('gw', '1-7-6'));
    assert.deepEqual(refusal(inv), ['gateway istio-gateways/gw has istio.io/rev=1-7-6 on its pod template — move it to another revision first']);
    const r = planRevisionRemoval(inv, buildSnapshot('c', inv), 'nope');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /No revision "nope"/);
  });

  it('lists only the revision-scoped objects, never the default validator or another revision\'s objects', () => {
    const inv = mesh();
    inv.validatingWebhooks.push(defaultValidator('1-8-0'));
    inv.configMaps.push({ metadata: { name: 'istio-sidecar-injector-x', namespace: 'istio-system' } });
    const r = planRevisionRemoval(inv, buildSnapshot('c', inv), '1-7-6');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.plan.objects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`), [
      'mutatingwebhookconfigurations//istio-sidecar-injector-1-7-6',
      'validatingwebhookconfigurations//istio-validator-1-7-6-istio-system',
      'deployments/istio-system/istiod-1-7-6',
      'services/istio-system/istiod-1-7-6',
      'configmaps/istio-system/istio-1-7-6',
      'configmaps/istio-system/istio-sidecar-injector-1-7-6',
    ]);
    assert.deepEqual(r.plan.byHand.map((o) => `${o.kind}/${o.name}`), ['ServiceAccount/istiod-1-7-6']);
    assert.deepEqual(r.plan.istioctlArgs, ['uninstall', '--revision', '1-7-6', '--context', 'c']);
    const md = removalMarkdown(r.plan);
    assert.match(md, /istioctl uninstall --revision 1-7-6 --context c/);
    assert.match(md, /Never deleted: CRDs, `istiod-default-validator`/);
  });

  it('leaves an object of the right name that belongs to another revision', () => {
    const inv = mesh();
    inv.configMaps.find((c) => c.metadata.name === 'istio-1-7-6')!.metadata.labels = { 'istio.io/rev': '1-8-0' };
    const r = planRevisionRemoval(inv, buildSnapshot('c', inv), '1-7-6');
    assert.ok(r.ok);
    assert.ok(!r.plan.objects.some((o) => o.name === 'istio-1-7-6'));
    assert.match(r.plan.warnings.join(), /labeled istio.io\/rev=1-8-0/);
  });
});
