import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { toStatusJson } from '../../../src/mesh/statusJson';
import { toStatusTable } from '../../../src/mesh/statusTable';
import {
  defaultValidator, deployment, deploymentPods, injected118, injectorMwc, installRevision, inventory, namespace, nsOf, pod, podsOf, proxyOf, tagMwc,
  withAutoEntry,
} from './fixtures';
import { helmMarked, sailOwned } from './ownerFixtures';

/** A cluster with revisions 1-23-4 and 1-24-2, unlabeled namespaces and system ones; `auto` decides who auto-injects. */
function cluster(auto: (inv: ReturnType<typeof inventory>) => void) {
  const inv = installRevision(installRevision(inventory(), '1-23-4', '1.23.4'), '1-24-2', '1.24.2');
  inv.namespaces.push(
    namespace('istio-system'),
    namespace('apps', { 'kubernetes.io/metadata.name': 'apps' }),
    namespace('legacy-apps'),
    namespace('kube-system', { 'kubernetes.io/metadata.name': 'kube-system' }),
    namespace('local-path-storage', { 'kubernetes.io/metadata.name': 'local-path-storage' }),
    namespace('labelled', { 'istio.io/rev': '1-23-4' }),
    namespace('off', { 'istio-injection': 'disabled' }),
  );
  inv.deployments.push(deployment('web', 'apps'), deployment('pinned', 'apps', { templateLabels: { 'istio.io/rev': '1-23-4' } }), deployment('out', 'apps', { templateLabels: { 'sidecar.istio.io/inject': 'false' } }));
  inv.pods.push(
    ...deploymentPods('web', 'apps', [{}], 'aaa'),
    ...deploymentPods('pinned', 'apps', [{ labels: { 'istio.io/rev': '1-23-4' }, ...injected118('1-23-4', '1.23.4') }], 'bbb'),
    ...deploymentPods('out', 'apps', [{ labels: { 'sidecar.istio.io/inject': 'false' } }], 'ccc'),
    pod('bare', 'legacy-apps', injected118('1-24-2', '1.24.2')),
  );
  auto(inv);
  return buildSnapshot('c', inv);
}

function autoBound(s: ReturnType<typeof buildSnapshot>): string[] {
  return s.namespaces.filter((n) => n.target?.via === 'auto').map((n) => `${n.name}→${n.target?.tag ? `${n.target.tag}→` : ''}${n.target?.revision}`);
}

describe('auto-injection by the default revision (enableNamespacesByDefault): via "auto"', () => {
  it('1. the revisionless injector\'s auto.* entry binds unlabeled namespaces to the default revision', () => {
    const s = cluster((inv) => {
      inv.deployments.push(...installRevision(inventory(), '', '1.22.0').deployments);
      inv.services.push(...installRevision(inventory(), '', '1.22.0').services);
      inv.mutatingWebhooks.push(withAutoEntry(injectorMwc('')));
    });
    assert.equal(s.defaultRevision?.name, 'default');
    assert.deepEqual(autoBound(s), ['apps→default', 'legacy-apps→default']);
    const apps = nsOf(s, 'apps');
    assert.equal(apps.state, 'bound');
    assert.match(apps.reason, /^no injection label: istio-sidecar-injector's auto\.sidecar-injector\.istio\.io injects unlabeled namespaces → default$/);
    assert.deepEqual(['kube-system', 'local-path-storage', 'istio-system', 'labelled', 'off'].map((n) => nsOf(s, n).target?.via ?? nsOf(s, n).state),
      ['unlabeled', 'unlabeled', 'unlabeled', 'istio.io/rev', 'disabled'], 'system, Istio and labelled namespaces are not auto-bound');
  });

  it('pods: a plain pod follows the auto binding, a pod that chose a revision keeps it, an opted-out pod is left alone', () => {
    const s = cluster((inv) => inv.mutatingWebhooks.push(withAutoEntry(tagMwc('default', '1-24-2'))));
    const web = podsOf(s, 'apps').find((p) => p.pod.startsWith('web-'));
    assert.deepEqual([web?.needsRestart, web?.restartReason], [true, 'not injected; a restart injects 1-24-2']);
    const pinned = podsOf(s, 'apps').find((p) => p.pod.startsWith('pinned-'));
    assert.deepEqual([pinned?.revision, pinned?.needsRestart], ['1-23-4', false], 'pod-level istio.io/rev is not the auto entry\'s');
    assert.equal(podsOf(s, 'apps').find((p) => p.pod.startsWith('out-'))?.needsRestart, false);
    assert.equal(proxyOf(s, 'legacy-apps', 'bare').needsRestart, false);
    const rev = s.revisions.find((r) => r.name === '1-24-2');
    assert.ok(rev?.inUse.some((u) => u.kind === 'namespace' && u.namespace === 'apps'));
  });

  it('2. a default tag set with istioctl --auto-inject-namespaces', () => {
    const s = cluster((inv) => {
      inv.mutatingWebhooks.push(withAutoEntry(tagMwc('default', '1-24-2')));
    });
    assert.deepEqual(s.defaultRevision, { name: '1-24-2', source: 'default-tag' });
    assert.deepEqual(autoBound(s), ['apps→default→1-24-2', 'legacy-apps→default→1-24-2']);
    assert.deepEqual(nsOf(s, 'apps').target, { revision: '1-24-2', via: 'auto', tag: 'default' });
    const json = toStatusJson([{ context: 'c', snapshot: s }]).clusters[0];
    assert.deepEqual(json.namespaces.find((n) => n.name === 'apps')?.target, { revision: '1-24-2', via: 'auto', tag: 'default' });
    assert.match(toStatusTable([{ context: 'c', snapshot: s }]), /^ {2}apps +bound +1-24-2 \(auto, tag default\) +1 +1 +no injection label: /m);
  });

  it('3. Sail\'s default IstioRevisionTag (its chart renders the same auto entry)', () => {
    const s = cluster((inv) => {
      inv.mutatingWebhooks.push(sailOwned(withAutoEntry(tagMwc('default', '1-23-4')), 'IstioRevisionTag', 'default'));
    });
    assert.deepEqual(autoBound(s), ['apps→default→1-23-4', 'legacy-apps→default→1-23-4']);
    assert.equal(s.tags.find((t) => t.name === 'default')?.managedBy?.kind, 'sail');
    assert.equal(podsOf(s, 'legacy-apps')[0].needsRestart, true, 'its pod runs 1-24-2 but the auto binding now targets 1-23-4');
  });

  it('4. Helm: base defaultRevision and the istiod chart\'s default tag with enableNamespacesByDefault', () => {
    const s = cluster((inv) => {
      inv.mutatingWebhooks.push(helmMarked(withAutoEntry(tagMwc('default', '1-24-2')), 'istiod-1-24-2'));
      inv.validatingWebhooks.push(helmMarked(defaultValidator('1-24-2'), 'istio-base'));
    });
    assert.deepEqual(s.defaultRevision, { name: '1-24-2', source: 'default-tag' });
    assert.deepEqual(autoBound(s), ['apps→default→1-24-2', 'legacy-apps→default→1-24-2']);
  });

  it('no auto entry, or a deactivated one: unlabeled namespaces stay unlabeled (pod-level injection)', () => {
    assert.deepEqual(autoBound(cluster(() => undefined)), []);
    assert.equal(nsOf(cluster(() => undefined), 'apps').state, 'unlabeled');
    const deactivated = withAutoEntry(injectorMwc(''));
    for (const w of deactivated.webhooks ?? []) {
      w.namespaceSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
      w.objectSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
    }
    const s = cluster((inv) => {
      inv.mutatingWebhooks.push(deactivated, tagMwc('default', '1-24-2'));
    });
    assert.deepEqual(autoBound(s), [], 'istioctl tag set default deactivates the revisionless injector, auto entry included');
  });

  it('an auto entry on a 1.20 server without kubernetes.io/metadata.name does not protect kube-node-lease, as the API server matches it', () => {
    const s = cluster((inv) => {
      inv.namespaces.push(namespace('kube-node-lease'));
      inv.mutatingWebhooks.push(withAutoEntry(tagMwc('default', '1-24-2')));
    });
    assert.equal(nsOf(s, 'kube-node-lease').target?.via, 'auto');
    assert.equal(nsOf(s, 'kube-system').target, null, 'istiod itself never injects kube-system');
  });
});
