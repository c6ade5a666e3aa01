import { strict as assert } from 'node:assert';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import {
  deployment, deploymentPods, injected110, injected111, injected118, injectedNative, injectedPinned, installRevision, inventory, merge,
  namespace, pod, proxyImage, proxyOf, tagMwc,
} from './fixtures';

/** 1-7-6 (tag prod) and 1-8-0 (tag canary), default tag → 1-7-6. */
function mesh(): ClusterInventory {
  const inv = installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0'), tagMwc('default', '1-7-6'));
  return inv;
}

function withPods(nsLabels: Record<string, string> | undefined, ...pods: ReturnType<typeof pod>[]) {
  const inv = mesh();
  inv.namespaces.push(namespace('app', nsLabels));
  inv.pods.push(...pods);
  return buildSnapshot('p', inv);
}

describe('proxies: injected revision and proxy version (istio-model.md M6)', () => {
  it('1.18+ annotation istio.io/rev is the injected revision', () => {
    const p = proxyOf(withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', injected118('1-8-0', '1.8.0'))), 'app', 'a');
    assert.deepEqual(
      [p.injected, p.revision, p.revisionSource, p.proxyVersion, p.proxyImage, p.pinnedImage, p.needsRestart, p.phase],
      [true, '1-8-0', 'annotation', '1.8.0', 'docker.io/istio/proxyv2:1.8.0', false, false, 'Running'],
    );
  });

  it('1.11+ sidecar.istio.io/status .revision when there is no annotation', () => {
    const p = proxyOf(withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', injected111('1-8-0', '1.8.0'))), 'app', 'a');
    assert.deepEqual([p.revision, p.revisionSource], ['1-8-0', 'status']);
  });

  it('≤1.10: pod label istio.io/rev (the status has no revision)', () => {
    const p = proxyOf(withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', injected110('1-8-0', '1.8.0'))), 'app', 'a');
    assert.deepEqual([p.revision, p.revisionSource], ['1-8-0', 'label']);
  });

  it('precedence: annotation > status > label', () => {
    const mixed = merge(injected110('1-7-6', '1.8.0'), {
      annotations: { 'istio.io/rev': '1-8-0', 'sidecar.istio.io/status': JSON.stringify({ revision: '1-7-6' }) },
    });
    assert.equal(proxyOf(withPods(undefined, pod('a', 'app', mixed)), 'app', 'a').revision, '1-8-0');
    const statusOverLabel = merge(injected110('1-7-6', '1.8.0'), { annotations: { 'sidecar.istio.io/status': JSON.stringify({ revision: '1-8-0' }) } });
    assert.deepEqual(
      [proxyOf(withPods(undefined, pod('a', 'app', statusOverLabel)), 'app', 'a').revision, proxyOf(withPods(undefined, pod('a', 'app', statusOverLabel)), 'app', 'a').revisionSource],
      ['1-8-0', 'status'],
    );
  });

  it('falls back to the unique revision whose version equals the proxy version', () => {
    const bare = { containers: [{ name: 'app' }, { name: 'istio-proxy', image: proxyImage('1.8.0') }] };
    const p = proxyOf(withPods(undefined, pod('a', 'app', bare)), 'app', 'a');
    assert.deepEqual([p.injected, p.revision, p.revisionSource], [true, '1-8-0', 'image']);
  });

  it('no image match (or an ambiguous one) → none', () => {
    const unknown = { containers: [{ name: 'istio-proxy', image: proxyImage('1.9.9') }] };
    assert.deepEqual([proxyOf(withPods(undefined, pod('a', 'app', unknown)), 'app', 'a').revisionSource], ['none']);
    const inv = mesh();
    inv.deployments.push(
      { ...inv.deployments[1], metadata: { ...inv.deployments[1].metadata, name: 'istiod-twin', labels: { app: 'istiod', 'istio.io/rev': 'twin' } } },
    );
    inv.namespaces.push(namespace('app'));
    inv.pods.push(pod('a', 'app', { containers: [{ name: 'istio-proxy', image: proxyImage('1.8.0') }] }));
    const p = proxyOf(buildSnapshot('p', inv), 'app', 'a');
    assert.deepEqual([p.revision, p.revisionSource], [undefined, 'none']);
  });

  it('a pod label naming a tag is a selection, not what injected: the image decides, else the tag\'s revision', () => {
    const byImage = merge(injected110('prod', '1.8.0'));
    const p = proxyOf(withPods(undefined, pod('a', 'app', byImage)), 'app', 'a');
    assert.deepEqual([p.revision, p.revisionSource], ['1-8-0', 'image']);
    const noMatch = merge(injected110('prod', '1.9.9'));
    const q = proxyOf(withPods(undefined, pod('a', 'app', noMatch)), 'app', 'a');
    assert.deepEqual([q.revision, q.revisionSource], ['1-7-6', 'label']);
  });

  it('garbage sidecar.istio.io/status JSON → warning, and the chain continues', () => {
    const garbage = merge(injected110('1-7-6', '1.7.6'), { annotations: { 'sidecar.istio.io/status': '{not json' } });
    const s = withPods(undefined, pod('a', 'app', garbage));
    assert.deepEqual([proxyOf(s, 'app', 'a').injected, proxyOf(s, 'app', 'a').revision, proxyOf(s, 'app', 'a').revisionSource], [true, '1-7-6', 'label']);
    assert.deepEqual(s.warnings, ['Pod app/a: annotation sidecar.istio.io/status is not valid JSON; ignored.']);
    const notObject = withPods(undefined, pod('b', 'app', { containers: [{ name: 'istio-proxy', image: proxyImage('1.8.0') }], annotations: { 'sidecar.istio.io/status': '"x"' } }));
    assert.deepEqual([proxyOf(notObject, 'app', 'b').revision, proxyOf(notObject, 'app', 'b').revisionSource], ['1-8-0', 'image']);
    assert.match(notObject.warnings[0], /not a JSON object/);
  });

  it('the same status annotation on many pods (read once) still warns for each pod, and each build warns again', () => {
    const garbage = merge(injected110('1-7-6', '1.7.6'), { annotations: { 'sidecar.istio.io/status': '{not json either' } });
    for (let build = 0; build < 2; build++) {
      const s = withPods(undefined, pod('a', 'app', garbage), pod('b', 'app', garbage));
      assert.deepEqual(s.warnings, [
        'Pod app/a: annotation sidecar.istio.io/status is not valid JSON; ignored.',
        'Pod app/b: annotation sidecar.istio.io/status is not valid JSON; ignored.',
      ]);
      assert.deepEqual([proxyOf(s, 'app', 'b').revision, proxyOf(s, 'app', 'b').revisionSource], ['1-7-6', 'label']);
    }
  });

  it('native sidecar: istio-proxy in initContainers counts as injected', () => {
    const p = proxyOf(withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', injectedNative('1-8-0', '1.8.0'))), 'app', 'a');
    assert.deepEqual([p.injected, p.revision, p.proxyVersion, p.needsRestart], [true, '1-8-0', '1.8.0', false]);
  });

  it('the status annotation alone marks a pod injected (version unknown)', () => {
    const p = proxyOf(withPods(undefined, pod('a', 'app', { annotations: { 'sidecar.istio.io/status': '{"revision":"1-8-0"}' } })), 'app', 'a');
    assert.deepEqual([p.injected, p.revision, p.proxyVersion, p.proxyImage], [true, '1-8-0', undefined, undefined]);
  });

  it('a pod without istio-proxy and status is not injected, whatever its labels', () => {
    const p = proxyOf(withPods(undefined, pod('a', 'app', { labels: { 'istio.io/rev': '1-8-0' }, annotations: { 'istio.io/rev': '1-8-0' } })), 'app', 'a');
    assert.deepEqual([p.injected, p.revision, p.revisionSource, p.pinnedImage], [false, undefined, 'none', false]);
  });
});

describe('proxies: needsRestart', () => {
  it('injected revision ≠ namespace target (tag moved) → restart with a sentence naming the tag', () => {
    const p = proxyOf(withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', injected118('1-7-6', '1.7.6'))), 'app', 'a');
    assert.equal(p.needsRestart, true);
    assert.equal(p.restartReason, 'injected by 1-7-6, namespace now targets 1-8-0 via tag canary');
  });

  it('injected revision ≠ target reached directly by istio.io/rev → no "via"', () => {
    const p = proxyOf(withPods({ 'istio.io/rev': '1-8-0' }, pod('a', 'app', injected111('1-7-6', '1.7.6'))), 'app', 'a');
    assert.equal(p.restartReason, 'injected by 1-7-6, namespace now targets 1-8-0');
  });

  it('same revision but proxy version ≠ the revision\'s version (in-place upgrade) → restart', () => {
    const p = proxyOf(withPods({ 'istio.io/rev': '1-8-0' }, pod('a', 'app', injected118('1-8-0', '1.7.9'))), 'app', 'a');
    assert.deepEqual([p.needsRestart, p.restartReason], [true, 'proxy 1.7.9 ≠ 1-8-0\'s 1.8.0']);
  });

  it('unknown injected revision: the version check still applies; unknown versions never trigger', () => {
    const noRev = { containers: [{ name: 'istio-proxy', image: proxyImage('1.9.9') }] };
    assert.equal(proxyOf(withPods({ 'istio.io/rev': '1-8-0' }, pod('a', 'app', noRev)), 'app', 'a').restartReason, 'proxy 1.9.9 ≠ 1-8-0\'s 1.8.0');
    const latest = { containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:latest' }] };
    assert.equal(proxyOf(withPods({ 'istio.io/rev': '1-8-0' }, pod('a', 'app', latest)), 'app', 'a').needsRestart, false);
  });

  it('bound namespace, pod not injected → "not injected; a restart injects <rev>"', () => {
    const p = proxyOf(withPods({ 'istio-injection': 'enabled' }, pod('a', 'app')), 'app', 'a');
    assert.deepEqual([p.needsRestart, p.restartReason], [true, 'not injected; a restart injects 1-7-6']);
  });

  it('opted out (label or annotation sidecar.istio.io/inject=false) or hostNetwork: not injected is fine', () => {
    const s = withPods({ 'istio.io/rev': 'prod' },
      pod('label', 'app', { labels: { 'sidecar.istio.io/inject': 'false' } }),
      pod('annotation', 'app', { annotations: { 'sidecar.istio.io/inject': 'false' } }),
      pod('host', 'app', { hostNetwork: true }));
    for (const name of ['label', 'annotation', 'host']) assert.equal(proxyOf(s, 'app', name).needsRestart, false, name);
  });

  it('istio-model.md M5.5 the label beats the annotation: label true + annotation false is not opted out', () => {
    const s = withPods({ 'istio.io/rev': 'prod' }, pod('a', 'app', { labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } }));
    assert.equal(proxyOf(s, 'app', 'a').needsRestart, true);
  });

  it('an injected pod that opted out since → a restart removes the proxy', () => {
    const s = withPods({ 'istio.io/rev': 'prod' }, pod('a', 'app', merge(injected118('1-7-6', '1.7.6'), { labels: { 'sidecar.istio.io/inject': 'false' } })));
    assert.equal(proxyOf(s, 'app', 'a').restartReason, 'opted out with sidecar.istio.io/inject=false; a restart removes the proxy');
  });

  it('disabled namespace: a pod still carrying a proxy needs a restart; a plain pod does not', () => {
    const s = withPods({ 'istio-injection': 'disabled', 'istio.io/rev': 'prod' }, pod('old', 'app', injected118('1-7-6', '1.7.6')), pod('plain', 'app'));
    assert.deepEqual([proxyOf(s, 'app', 'old').needsRestart, proxyOf(s, 'app', 'old').restartReason], [true, 'injection disabled; a restart removes the proxy']);
    assert.equal(proxyOf(s, 'app', 'plain').needsRestart, false);
  });

  it('Succeeded and Failed pods never need a restart', () => {
    const s = withPods({ 'istio.io/rev': 'canary' },
      pod('done', 'app', merge(injected118('1-7-6', '1.7.6'), { phase: 'Succeeded' })),
      pod('failed', 'app', { phase: 'Failed' }),
      pod('pending', 'app', merge(injected118('1-7-6', '1.7.6'), { phase: 'Pending' })));
    assert.equal(proxyOf(s, 'app', 'done').needsRestart, false);
    assert.equal(proxyOf(s, 'app', 'done').phase, 'Succeeded');
    assert.equal(proxyOf(s, 'app', 'failed').needsRestart, false);
    assert.equal(proxyOf(s, 'app', 'pending').needsRestart, true);
  });

  it('istio-model.md M5.3 namespace istio.io/rev wins over the pod label', () => {
    const s = withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', merge(injected118('1-8-0', '1.8.0'), { labels: { 'istio.io/rev': '1-7-6' } })));
    assert.equal(proxyOf(s, 'app', 'a').needsRestart, false);
  });

  it('unlabeled namespace: the pod template\'s istio.io/rev selects the target', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('app'));
    inv.deployments.push(deployment('gw', 'app', { templateLabels: { 'istio.io/rev': 'canary', 'sidecar.istio.io/inject': 'true' } }));
    inv.pods.push(...deploymentPods('gw', 'app', [merge(injected111('1-7-6', '1.7.6'), { labels: { 'istio.io/rev': 'prod' } })]));
    const p = buildSnapshot('p', inv).namespaces[0].workloads[0].pods[0];
    assert.deepEqual([p.needsRestart, p.restartReason], [true, 'injected by 1-7-6, pod template now targets 1-8-0 via tag canary']);
  });

  it('unlabeled namespace: sidecar.istio.io/inject=true (no istio.io/rev) selects the default revision (istio-model.md M5.4)', () => {
    const s = withPods(undefined,
      pod('stale', 'app', merge(injected118('1-8-0', '1.8.0'), { labels: { 'sidecar.istio.io/inject': 'true' } })),
      pod('fresh', 'app', merge(injected118('1-7-6', '1.7.6'), { labels: { 'sidecar.istio.io/inject': 'true' } })),
      pod('missing', 'app', { labels: { 'sidecar.istio.io/inject': 'true' } }));
    assert.equal(proxyOf(s, 'app', 'stale').restartReason, 'injected by 1-8-0, pod template now targets 1-7-6 via tag default');
    assert.equal(proxyOf(s, 'app', 'fresh').needsRestart, false);
    assert.equal(proxyOf(s, 'app', 'missing').restartReason, 'not injected; a restart injects 1-7-6');
  });

  it('unlabeled namespace without pod selection, dangling and unknown-istio-injection namespaces: no verdict', () => {
    const cases: Array<Record<string, string> | undefined> = [undefined, { 'istio.io/rev': 'nope' }, { 'istio-injection': 'yes', 'istio.io/rev': 'canary' }];
    for (const labels of cases) {
      const s = withPods(labels, pod('a', 'app', injected118('1-7-6', '1.7.6')), pod('b', 'app', { labels: { 'istio.io/rev': 'canary' } }));
      assert.equal(proxyOf(s, 'app', 'a').needsRestart, false, JSON.stringify(labels));
      assert.equal(proxyOf(s, 'app', 'b').needsRestart, labels === undefined, JSON.stringify(labels));
    }
  });

  it('ambient namespaces: non-injected pods are expected', () => {
    const s = withPods({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': 'prod' }, pod('a', 'app'));
    assert.equal(proxyOf(s, 'app', 'a').needsRestart, false);
  });

  it('pinned proxyImage: version parsed, revision mismatch says the image is pinned', () => {
    const s = withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', injectedPinned('1-7-6', 'corp.io/envoy/proxyv2:1.7.6-custom')));
    const p = proxyOf(s, 'app', 'a');
    assert.deepEqual([p.pinnedImage, p.proxyVersion, p.needsRestart], [true, '1.7.6', true]);
    assert.equal(p.restartReason, 'injected by 1-7-6, namespace now targets 1-8-0 via tag canary; note: the proxy image is pinned by sidecar.istio.io/proxyImage');
  });

  it('pinned proxyImage with only a version skew: no restart (it would keep the image), a note instead', () => {
    const s = withPods({ 'istio.io/rev': 'canary' }, pod('a', 'app', injectedPinned('1-8-0', 'corp.io/envoy/proxyv2:1.7.6')));
    const p = proxyOf(s, 'app', 'a');
    assert.deepEqual([p.needsRestart, p.restartReason], [false, undefined]);
    assert.equal(p.note, 'the proxy image is pinned by sidecar.istio.io/proxyImage: proxy 1.7.6 ≠ 1-8-0\'s 1.8.0; a restart keeps the pinned image');
  });

  it('a pinned image is not used to guess the revision', () => {
    const pinned = { containers: [{ name: 'istio-proxy', image: proxyImage('1.8.0') }], annotations: { 'sidecar.istio.io/proxyImage': proxyImage('1.8.0') } };
    const p = proxyOf(withPods(undefined, pod('a', 'app', pinned)), 'app', 'a');
    assert.deepEqual([p.revisionSource, p.pinnedImage], ['none', true]);
  });

  it('dotted vendor revisions: annotation revision compared whole', () => {
    const inv = installRevision(installRevision(inventory(), 'cp-v115x.istio-system', '1.15.3'), 'cp-v117x.istio-system', '1.17.2');
    inv.namespaces.push(namespace('demo', { 'istio.io/rev': 'cp-v117x.istio-system' }));
    inv.pods.push(pod('a', 'demo', injected118('cp-v115x.istio-system', '1.15.3')), pod('b', 'demo', injected118('cp-v117x.istio-system', '1.17.2')));
    const s = buildSnapshot('b', inv);
    assert.equal(proxyOf(s, 'demo', 'a').restartReason, 'injected by cp-v115x.istio-system, namespace now targets cp-v117x.istio-system');
    assert.equal(proxyOf(s, 'demo', 'b').needsRestart, false);
  });
});
