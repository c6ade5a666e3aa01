/** Webhook health: every Istio webhook judged by the Service it calls; the precheck finding and the validator fix. */
import { strict as assert } from 'node:assert';
import type { ClusterInventory, KPod } from '../../../src/mesh/kubeObjects';
import { runPrecheck } from '../../../src/mesh/precheck';
import { validatorTarget } from '../../../src/mesh/precheckWebhookHealth';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { brokenText, isBroken, newlyBroken, webhookHealth, type WebhookHealth } from '../../../src/mesh/webhookHealth';
import { ISTIO_NS, defaultValidator, installRevision, inventory, istiodName, namespace, pod, tagMwc } from './fixtures';
import { decodedSecret, helmMarked, rendered } from './ownerFixtures';

function istiodPod(rev: string, ready = true): KPod {
  const p = pod(`${istiodName(rev)}-abc-${ready ? 'r' : 'u'}`, ISTIO_NS, { labels: { app: 'istiod', 'istio.io/rev': rev } });
  return { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } };
}

/** 1-24-3 and 1-25-1 installed with ready istiod pods; tag prod → 1-24-3; the default validator on 1-24-3. */
function cluster(): ClusterInventory {
  const inv = installRevision(installRevision(inventory(), '1-24-3', '1.24.3'), '1-25-1', '1.25.1');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-24-3'));
  inv.validatingWebhooks.push(defaultValidator('1-24-3'));
  inv.namespaces.push(namespace(ISTIO_NS), namespace('shop', { 'istio.io/rev': 'prod' }));
  inv.pods.push(istiodPod('1-24-3'), istiodPod('1-25-1'));
  return inv;
}

function health(inv: ClusterInventory): WebhookHealth[] {
  return webhookHealth({ ...inv, deployments: inv.deployments });
}

function states(list: WebhookHealth[]): string[] {
  return list.map((h) => `${h.config} ${h.state}`);
}

/** 1-24-3's istiod is gone: its Deployment and pods removed (the revision removed without its webhooks). */
function withoutOld(inv: ClusterInventory): ClusterInventory {
  return { ...inv, pods: inv.pods.filter((p) => p.metadata.labels?.['istio.io/rev'] !== '1-24-3'), deployments: inv.deployments.filter((d) => d.metadata.name !== 'istiod-1-24-3') };
}

describe('webhook health', () => {
  it('judges injectors, tags and validators by the ready pods behind their Service', () => {
    assert.deepEqual(states(health(cluster())), [
      'istio-revision-tag-prod healthy', 'istio-sidecar-injector-1-24-3 healthy', 'istio-sidecar-injector-1-25-1 healthy', 'istiod-default-validator healthy',
    ]);
    const h = health(cluster()).find((x) => x.config === 'istiod-default-validator');
    assert.deepEqual(h && { role: h.role, kind: h.kind, ready: h.readyPods, svc: h.service }, { role: 'default validator', kind: 'ValidatingWebhookConfiguration', ready: 1, svc: { namespace: ISTIO_NS, name: 'istiod-1-24-3' } });
  });

  it('no ready pod, a missing Service: broken, and what that does depends on the failure policy', () => {
    const inv = cluster();
    inv.pods = inv.pods.map((p) => (p.metadata.labels?.['istio.io/rev'] === '1-24-3' ? istiodPod('1-24-3', false) : p));
    inv.services = inv.services.filter((s) => s.metadata.name !== 'istiod-1-25-1');
    const list = health(inv);
    assert.deepEqual(states(list.filter(isBroken)), [
      'istio-revision-tag-prod no-ready-pods', 'istio-sidecar-injector-1-24-3 no-ready-pods', 'istio-sidecar-injector-1-25-1 missing-service', 'istiod-default-validator no-ready-pods',
    ]);
    const validator = list.find((x) => x.config === 'istiod-default-validator') as WebhookHealth;
    assert.match(brokenText(validator), /istiod-default-validator \(default validator\) calls Service istio-system\/istiod-1-24-3, which has no ready pod: every Istio config write it selects is rejected \(istio\/istio#60596\)/);
    assert.match(brokenText({ ...validator, failClosed: false }), /is not validated/);
  });

  it('without any pod read, the Deployments\' ready replicas stand in; a webhook calling a URL is not judged', () => {
    const inv = cluster();
    inv.pods = [];
    assert.equal(health(inv).filter(isBroken).length, 0);
    inv.deployments = inv.deployments.map((d) => (d.metadata.name === 'istiod-1-24-3' ? { ...d, status: { replicas: 1, readyReplicas: 0 } } : d));
    assert.deepEqual(states(health(inv).filter(isBroken)), ['istio-revision-tag-prod no-ready-pods', 'istio-sidecar-injector-1-24-3 no-ready-pods', 'istiod-default-validator no-ready-pods']);
    const remote = inventory({ mutatingWebhooks: [tagMwc('remote', '1-24-3', { url: 'https://istiod.example:15017/inject' })] });
    assert.deepEqual(states(health(remote)), ['istio-revision-tag-remote external']);
  });

  it('pods read: a Service none of them match has no ready pod, whatever its Deployment\'s status still counts (scaled to 0, status not yet updated)', () => {
    const inv = cluster();
    inv.pods = inv.pods.filter((p) => p.metadata.labels?.['istio.io/rev'] !== '1-24-3');
    // The Deployment's status lags: it still says 1 ready replica.
    assert.ok(inv.deployments.some((d) => d.metadata.name === 'istiod-1-24-3' && (d.status?.readyReplicas ?? 0) > 0));
    assert.deepEqual(states(webhookHealth({ ...inv, podsRead: true }).filter(isBroken)), ['istio-revision-tag-prod no-ready-pods', 'istio-sidecar-injector-1-24-3 no-ready-pods', 'istiod-default-validator no-ready-pods']);
    // An inventory that does not say (the cache's): the status stands in when no pod matches, as it did.
    assert.deepEqual(health(inv).filter(isBroken), []);
    // Pods not read (the LIST failed): the same status stands in.
    assert.deepEqual(webhookHealth({ ...inv, pods: [], podsRead: false }).filter(isBroken), []);
  });

  it('tells what a change broke from what was broken before', () => {
    const before = health(cluster());
    const after = health(withoutOld(cluster()));
    assert.deepEqual(newlyBroken(before, after).map((h) => h.config), ['istio-revision-tag-prod', 'istio-sidecar-injector-1-24-3', 'istiod-default-validator']);
    assert.deepEqual(newlyBroken(after, after), []);
  });

  it('precheck: one finding per broken webhook, an error when it fails closed; the default validator gets the repoint fix', () => {
    const inv = withoutOld(cluster());
    const findings = runPrecheck(inv, buildSnapshot('c', inv), { today: new Date('2025-04-01T00:00:00Z') }).filter((f) => f.code === 'webhook-health');
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.id}`), [
      'error webhook-health:mwc/istio-revision-tag-prod', 'error webhook-health:mwc/istio-sidecar-injector-1-24-3', 'error webhook-health:vwc/istiod-default-validator',
    ]);
    const v = findings.find((f) => f.id === 'webhook-health:vwc/istiod-default-validator');
    assert.deepEqual(v?.fix, {
      kind: 'repointValidator', webhook: 'istiod-default-validator', revision: '1-25-1', service: { namespace: ISTIO_NS, name: 'istiod-1-25-1' },
      description: 'Repoint istiod-default-validator at revision 1-25-1 (Service istio-system/istiod-1-25-1, 1 ready), as istioctl tag set default does.',
    });
    assert.match(findings[0].detail, /Move the tag to a revision whose istiod is ready/);
    // A healthy cluster has none.
    assert.deepEqual(runPrecheck(cluster(), buildSnapshot('c', cluster())).filter((f) => f.code === 'webhook-health'), []);
  });

  it('the fix says who keeps the validator (Helm\'s base chart puts a direct edit back)', () => {
    const inv = withoutOld(cluster());
    const validator = helmMarked(defaultValidator('1-24-3'), 'istio-base');
    inv.validatingWebhooks = [validator];
    inv.ownerReads = { sail: 'absent', problems: [] };
    inv.helmReleaseSecrets = [decodedSecret({ name: 'istio-base', chart: 'base', values: { defaultRevision: '1-24-3' }, objects: [rendered('ValidatingWebhookConfiguration', validator)] })];
    const fix = runPrecheck(inv, buildSnapshot('c', inv)).find((f) => f.id === 'webhook-health:vwc/istiod-default-validator')?.fix;
    assert.ok(fix?.kind === 'repointValidator');
    assert.match(fix.ownerNote ?? '', /^Helm release istio-base · base 1\.24\.2 keeps it: The next `helm upgrade` or `helm rollback` of istio-base restores the chart's fields.* Make the same change there \(e\.g\. the base chart's defaultRevision=1-25-1\)\.$/);
  });

  it('the fix prefers the default revision, and never the revision the validator already calls', () => {
    const inv = cluster();
    inv.mutatingWebhooks.push(tagMwc('default', '1-25-1'));
    assert.equal(validatorTarget(buildSnapshot('c', inv), '1-24-3')?.name, '1-25-1');
    assert.equal(validatorTarget(buildSnapshot('c', installRevision(inventory(), '1-24-3', '1.24.3')), '1-24-3'), undefined);
  });
});
