/** Precheck: every check, each with a case that fires and one that must stay quiet. */
import { strict as assert } from 'node:assert';
import type { ClusterInventory, KWorkload } from '../../../src/mesh/kubeObjects';
import { findingSummary, sortFindings, type Finding } from '../../../src/mesh/finding';
import { STALE_AFTER_DAYS, supportStatus } from '../../../src/mesh/istioReleases';
import { runPrecheck, runPrecheckSliced } from '../../../src/mesh/precheck';
import { versionFindings } from '../../../src/mesh/precheckVersions';
import { webhookFindings } from '../../../src/mesh/precheckWebhooks';
import { isDns1123Label } from '../../../src/mesh/precheckControlPlane';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import {
  deployment, deploymentPods, injected118, injectedPinned, injectorMwc, installRevision, inventory, istiodDeployment, merge, namespace,
  proxyImage, tagMwc,
} from './fixtures';

const TODAY = new Date('2025-01-15T00:00:00Z');

function precheck(inv: ClusterInventory, today = TODAY): Finding[] {
  return runPrecheck(inv, buildSnapshot('test', inv), { today });
}

function ids(findings: Finding[]): string[] {
  return findings.map((f) => f.id).sort();
}

function byId(findings: Finding[], id: string): Finding {
  const f = findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}; have ${ids(findings).join(', ')}`);
  return f;
}

/** 1-24-2 (default through the `default` tag, plus tag `canary`), namespace app on it with two current proxies. */
function healthy(): ClusterInventory {
  const inv = installRevision(inventory(), '1-24-2', '1.24.2');
  inv.mutatingWebhooks.push(tagMwc('default', '1-24-2'), tagMwc('canary', '1-24-2'));
  inv.namespaces.push(namespace('istio-system'), namespace('app', { 'istio.io/rev': 'canary' }), namespace('plain'));
  inv.deployments.push(deployment('web', 'app'));
  inv.pods.push(...deploymentPods('web', 'app', [injected118('1-24-2', '1.24.2'), injected118('1-24-2', '1.24.2')]));
  return inv;
}

function withPods(inv: ClusterInventory, ns: string, name: string, pods: ReturnType<typeof injected118>[]): ClusterInventory {
  inv.deployments.push(deployment(name, ns));
  inv.pods.push(...deploymentPods(name, ns, pods));
  return inv;
}

describe('precheck', () => {
  it('finds nothing in a healthy, supported cluster', () => {
    assert.deepEqual(precheck(healthy()), []);
  });

  describe('proxy ↔ control-plane skew', () => {
    it('reports a proxy newer than its control plane as an error', () => {
      const inv = withPods(healthy(), 'app', 'ahead', [injected118('1-24-2', '1.25.1')]);
      const f = byId(precheck(inv), 'skew:proxy-ahead:ns/app:1-24-2');
      assert.equal(f.severity, 'error');
      assert.equal(f.objects.length, 1);
      assert.equal(f.objects[0].kind, 'Pod');
    });

    it('reports a proxy two minors behind as a warning, one minor behind not at all', () => {
      const inv = withPods(healthy(), 'app', 'old', [injected118('1-24-2', '1.22.3')]);
      withPods(inv, 'app', 'prev', [injected118('1-24-2', '1.23.9')]);
      const found = precheck(inv);
      assert.equal(byId(found, 'skew:proxy-too-old:ns/app:1-24-2').severity, 'warning');
      assert.equal(byId(found, 'skew:proxy-too-old:ns/app:1-24-2').objects.length, 1);
      assert.ok(!found.some((f) => f.id.startsWith('skew:proxy-ahead')));
    });

    it('does not judge the version of a pinned proxy image', () => {
      const inv = withPods(healthy(), 'app', 'pinned', [injectedPinned('1-24-2', 'docker.io/istio/proxyv2:1.21.0')]);
      assert.ok(!precheck(inv).some((f) => f.id.startsWith('skew:')));
    });
  });

  describe('canary jump', () => {
    it('warns when the oldest and newest revision are more than two minors apart', () => {
      const inv = installRevision(healthy(), '1-21-0', '1.21.0');
      const f = byId(precheck(inv, new Date('2024-04-01')), 'canary-jump:1-21-0:1-24-2');
      assert.equal(f.severity, 'warning');
      assert.match(f.title, /3 minors apart/);
    });

    it('accepts a two-minor jump', () => {
      const inv = installRevision(healthy(), '1-22-0', '1.22.0');
      assert.ok(!precheck(inv).some((f) => f.code === 'canary-jump'));
    });
  });

  describe('namespaces with both labels (IST0123)', () => {
    it('proposes removing istio-injection when istio.io/rev names an existing tag', () => {
      const inv = healthy();
      inv.namespaces.push(namespace('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }));
      const f = byId(precheck(inv), 'IST0123:ns/both');
      assert.equal(f.severity, 'warning');
      assert.match(f.code, /IST0123/);
      assert.deepEqual({ ...f.fix, description: undefined }, { kind: 'removeNamespaceLabel', namespace: 'both', label: 'istio-injection', description: undefined });
      assert.match(f.fix?.description ?? '', /1-24-2/);
    });

    it('proposes no fix when istio.io/rev names nothing here', () => {
      const inv = healthy();
      inv.namespaces.push(namespace('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'gone' }));
      const f = byId(precheck(inv), 'IST0123:ns/both');
      assert.equal(f.fix, undefined);
      assert.match(f.detail, /No automatic fix/);
    });

    it('explains istio-injection=disabled next to istio.io/rev without a fix', () => {
      const inv = healthy();
      inv.namespaces.push(namespace('off', { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }));
      const f = byId(precheck(inv), 'IST0123:ns/off');
      assert.equal(f.code, 'disabled-with-rev IST0123');
      assert.equal(f.fix, undefined);
    });

    it('stays quiet for a namespace with one label', () => {
      const inv = healthy();
      inv.namespaces.push(namespace('only', { 'istio-injection': 'enabled' }));
      assert.ok(!precheck(inv).some((f) => f.id.startsWith('IST0123')));
    });
  });

  describe('disabled namespaces with leftovers', () => {
    it('reports proxies and pod-template revisions left in a disabled namespace', () => {
      const inv = healthy();
      inv.namespaces.push(namespace('legacy', { 'istio-injection': 'disabled' }));
      withPods(inv, 'legacy', 'worker', [injected118('1-24-2', '1.24.2')]);
      inv.deployments.push(deployment('pinned-rev', 'legacy', { templateLabels: { 'istio.io/rev': 'canary' } }));
      const f = byId(precheck(inv), 'disabled-leftovers:ns/legacy');
      assert.equal(f.severity, 'warning');
      assert.deepEqual(f.objects.map((o) => o.kind).sort(), ['Deployment', 'Namespace', 'Pod']);
    });

    it('stays quiet for a disabled namespace without proxies', () => {
      const inv = healthy();
      inv.namespaces.push(namespace('off', { 'istio-injection': 'disabled' }));
      withPods(inv, 'off', 'plain', [{}]);
      assert.ok(!precheck(inv).some((f) => f.code === 'disabled-with-leftovers'));
    });
  });

  it('reports a namespace whose label names no revision or tag as an error', () => {
    const inv = healthy();
    inv.namespaces.push(namespace('orphaned', { 'istio.io/rev': 'gone' }));
    const f = byId(precheck(inv), 'dangling:ns/orphaned');
    assert.equal(f.severity, 'error');
    assert.ok(!precheck(healthy()).some((x) => x.code === 'dangling-namespace'));
  });

  describe('webhooks (IST0139)', () => {
    it('reports an injector calling a missing Service, as error when it fails closed', () => {
      const inv = healthy();
      inv.mutatingWebhooks.push(injectorMwc('1-25-0'));
      const f = byId(precheck(inv), 'IST0139:service:istio-sidecar-injector-1-25-0');
      assert.equal(f.severity, 'error');
      assert.ok(f.objects.some((o) => o.kind === 'Service' && o.name === 'istiod-1-25-0' && o.namespace === 'istio-system'));
    });

    it('downgrades to a warning with failurePolicy Ignore, and ignores external (url) webhooks', () => {
      const inv = healthy();
      const ignoring = injectorMwc('1-25-0');
      for (const w of ignoring.webhooks ?? []) w.failurePolicy = 'Ignore';
      inv.mutatingWebhooks.push(ignoring, injectorMwc('remote', { url: 'https://istiod.example:15017/inject' }));
      const found = precheck(inv);
      assert.equal(byId(found, 'IST0139:service:istio-sidecar-injector-1-25-0').severity, 'warning');
      assert.ok(!found.some((f) => f.id === 'IST0139:service:istio-sidecar-injector-remote'));
    });

    it('reports a namespace matched by a revisionless injector and the default tag', () => {
      const inv = healthy();
      inv.mutatingWebhooks.push(injectorMwc(''));
      inv.deployments.push(istiodDeployment('', '1.24.2'));
      inv.services.push({ metadata: { name: 'istiod', namespace: 'istio-system' } });
      inv.namespaces.push(namespace('legacy-on', { 'istio-injection': 'enabled' }));
      const f = byId(precheck(inv), 'IST0139:overlap:ns/legacy-on');
      assert.equal(f.severity, 'error');
      assert.deepEqual(f.objects.filter((o) => o.kind === 'MutatingWebhookConfiguration').map((o) => o.name), ['istio-revision-tag-default', 'istio-sidecar-injector']);
    });

    it('does not count a deactivated injector (istioctl tag set default)', () => {
      const inv = healthy();
      const old = injectorMwc('');
      for (const w of old.webhooks ?? []) {
        w.namespaceSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
        w.objectSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
      }
      inv.mutatingWebhooks.push(old);
      inv.services.push({ metadata: { name: 'istiod', namespace: 'istio-system' } });
      inv.namespaces.push(namespace('legacy-on', { 'istio-injection': 'enabled' }));
      assert.ok(!precheck(inv).some((f) => f.code.startsWith('webhook-overlap')));
    });

    it('reports a tag named like a revision, and the namespaces it double-injects', () => {
      const inv = installRevision(healthy(), '1-23-4', '1.23.4');
      inv.mutatingWebhooks.push(tagMwc('1-23-4', '1-24-2'));
      inv.namespaces.push(namespace('twice', { 'istio.io/rev': '1-23-4' }));
      const found = precheck(inv);
      assert.equal(byId(found, 'IST0139:tag:1-23-4').severity, 'warning');
      assert.equal(byId(found, 'IST0139:overlap:ns/twice').severity, 'error');
      assert.ok(!found.some((f) => f.id === 'IST0139:overlap:ns/app'));
    });
  });

  describe('proxy image (IST0158)', () => {
    it('reports pods whose image differs from what their revision injects now', () => {
      const inv = withPods(healthy(), 'app', 'patched', [merge(injected118('1-24-2', '1.24.1'))]);
      const f = byId(precheck(inv), 'IST0158:ns/app:1-24-2');
      assert.equal(f.severity, 'warning');
      assert.equal(f.objects.length, 1);
    });

    it('accepts the distroless variant of the expected image', () => {
      const opts = injected118('1-24-2', '1.24.2');
      opts.containers = [{ name: 'app', image: 'nginx' }, { name: 'istio-proxy', image: `${proxyImage('1.24.2')}-distroless` }];
      const inv = withPods(healthy(), 'app', 'distroless', [opts]);
      assert.ok(!precheck(inv).some((f) => f.id.startsWith('IST0158')));
    });

    it('reports pinned images as info only', () => {
      const inv = withPods(healthy(), 'app', 'pinned', [injectedPinned('1-24-2', 'corp.example/proxy:1.24.2-fips')]);
      const found = precheck(inv);
      assert.equal(byId(found, 'pinned:ns/app:1-24-2').severity, 'info');
      assert.ok(!found.some((f) => f.id.startsWith('IST0158')));
    });
  });

  describe('support window', () => {
    it('warns about a revision whose minor is out of support on the given day', () => {
      const inv = installRevision(healthy(), '1-22-0', '1.22.0');
      const f = byId(precheck(inv, new Date('2025-03-01')), 'support:1-22-0');
      assert.equal(f.severity, 'warning');
      assert.match(f.detail, /2024-12-19/);
      assert.ok(!precheck(inv, new Date('2024-12-01')).some((x) => x.id === 'support:1-22-0'));
    });

    it('ends support 6 weeks after the N+2 release, bounded by later rows, unknown beyond the table', () => {
      assert.deepEqual(supportStatus('1.22.3', new Date('2024-12-18')), { kind: 'supported', until: new Date('2024-12-19T00:00:00Z') });
      assert.deepEqual(supportStatus('1.22.3', new Date('2024-12-19')), { kind: 'unsupported', since: new Date('2024-12-19T00:00:00Z'), announced: false });
      assert.equal(supportStatus('1.99.0', TODAY).kind, 'unknown');
      assert.equal(supportStatus('1.5.0', TODAY).kind, 'unknown');
      assert.equal(supportStatus(undefined, TODAY).kind, 'unknown');
    });

    it('knows the releases up to 1.31 and the announced ends of life (pinned on 2026-12-07)', () => {
      const day = new Date('2026-12-07T00:00:00Z');
      assert.deepEqual(supportStatus('1.27.3', day), { kind: 'unsupported', since: new Date('2026-04-07T00:00:00Z'), announced: true });
      assert.deepEqual(supportStatus('1.28.1', day), { kind: 'unsupported', since: new Date('2026-07-01T00:00:00Z'), announced: true });
      assert.deepEqual(supportStatus('1.29.2', day), { kind: 'unsupported', since: new Date('2026-10-12T00:00:00Z'), announced: true });
      assert.deepEqual(supportStatus('1.29.2', new Date('2026-10-11T00:00:00Z')), { kind: 'supported', until: new Date('2026-10-12T00:00:00Z') });
      assert.deepEqual(supportStatus('1.30.3', day), { kind: 'supported' });
      assert.deepEqual(supportStatus('1.31.0', day), { kind: 'supported' });
      assert.equal(supportStatus('1.32.0', day).kind, 'unknown');
    });

    it('says the table may be out of date, not "supported", once today is four months past its newest row', () => {
      const newest = new Date('2026-08-31T00:00:00Z');
      const justBefore = new Date(newest.getTime() + STALE_AFTER_DAYS * 24 * 3600 * 1000);
      const after = new Date(justBefore.getTime() + 24 * 3600 * 1000);
      assert.equal(supportStatus('1.30.3', justBefore).kind, 'supported');
      assert.deepEqual(supportStatus('1.30.3', after), { kind: 'table-outdated', newest: '1.31', newestReleased: newest });
      assert.equal(supportStatus('1.31.0', after).kind, 'table-outdated');
      // An announced end of life stays known however old the table is.
      assert.equal(supportStatus('1.29.0', new Date('2030-01-01')).kind, 'unsupported');
      const inv = installRevision(healthy(), '1-30-3', '1.30.3');
      const f = byId(precheck(inv, after), 'support-table:1-30-3');
      assert.equal(f.severity, 'info');
      assert.match(f.detail, /ends with 1\.31 \(released 2026-08-31\)/);
      assert.ok(!precheck(inv, after).some((x) => x.id === 'support:1-30-3'), 'not called out of support either');
    });
  });

  describe('revision names', () => {
    it('marks a dotted vendor name as info and other non-DNS names as warning', () => {
      const inv = installRevision(healthy(), 'cp-v117x.istio-system', '1.24.0');
      inv.mutatingWebhooks.push(injectorMwc('Canary_1'));
      inv.services.push({ metadata: { name: 'istiod-Canary_1', namespace: 'istio-system' } });
      const found = precheck(inv);
      assert.equal(byId(found, 'revision-name:cp-v117x.istio-system').severity, 'info');
      assert.match(byId(found, 'revision-name:cp-v117x.istio-system').detail, /not accepted by istioctl install --revision/);
      assert.equal(byId(found, 'revision-name:Canary_1').severity, 'warning');
      assert.ok(!found.some((f) => f.id === 'revision-name:1-24-2'));
    });

    it('knows a DNS-1123 label', () => {
      assert.ok(isDns1123Label('1-24-2'));
      assert.ok(isDns1123Label('default'));
      assert.ok(!isDns1123Label('a.b'));
      assert.ok(!isDns1123Label('-a'));
      assert.ok(!isDns1123Label('a'.repeat(64)));
    });
  });

  describe('ambient', () => {
    function ztunnel(version: string): KWorkload {
      return {
        kind: 'DaemonSet',
        metadata: { name: 'ztunnel', namespace: 'istio-system', labels: { app: 'ztunnel' } },
        spec: { template: { spec: { containers: [{ name: 'istio-proxy', image: `docker.io/istio/ztunnel:${version}` }] } } },
      };
    }

    it('notes ztunnel/istio-cni (in place only) and ambient namespaces', () => {
      const inv = healthy();
      inv.daemonSets.push(ztunnel('1.24.2'), { kind: 'DaemonSet', metadata: { name: 'istio-cni-node', namespace: 'istio-system', labels: { 'k8s-app': 'istio-cni-node' } } });
      inv.namespaces.push(namespace('mesh-a', { 'istio.io/dataplane-mode': 'ambient' }));
      const found = precheck(inv);
      const agents = byId(found, 'ambient:node-agents');
      assert.equal(agents.severity, 'info');
      assert.match(agents.detail, /no canary/);
      assert.equal(agents.objects.length, 2);
      assert.deepEqual(byId(found, 'ambient:namespaces').objects, [{ kind: 'Namespace', name: 'mesh-a' }]);
      assert.ok(!found.some((f) => f.code === 'node-agent-ahead'));
    });

    it('reports ztunnel newer than every control plane as an error', () => {
      const inv = healthy();
      inv.daemonSets.push(ztunnel('1.25.0'));
      assert.equal(byId(precheck(inv), 'ambient:ahead:istio-system/ztunnel').severity, 'error');
    });

    it('stays quiet without node agents or ambient namespaces', () => {
      assert.ok(!precheck(healthy()).some((f) => f.id.startsWith('ambient:')));
    });
  });

  describe('istiod availability', () => {
    it('reports the default revision without ready replicas as its own error', () => {
      const inv = healthy();
      const d = inv.deployments.find((x) => x.metadata.name === 'istiod-1-24-2');
      if (d?.status) d.status.readyReplicas = 0;
      const f = byId(precheck(inv), 'istiod:1-24-2');
      assert.equal(f.code, 'default-revision-unavailable');
      assert.equal(f.severity, 'error');
    });

    it('reports any other revision without ready replicas', () => {
      const inv = healthy();
      inv.deployments.push(istiodDeployment('1-25-0', '1.25.0', { replicas: 2, ready: 0 }));
      inv.services.push({ metadata: { name: 'istiod-1-25-0', namespace: 'istio-system' } });
      inv.mutatingWebhooks.push(injectorMwc('1-25-0'));
      const f = byId(precheck(inv), 'istiod:1-25-0');
      assert.equal(f.code, 'revision-unavailable');
      assert.match(f.detail, /0 of 2/);
    });

    it('does not expect an istiod for an external control plane', () => {
      const inv = healthy();
      inv.mutatingWebhooks.push(injectorMwc('remote', { url: 'https://istiod.example:15017/inject' }));
      assert.ok(!precheck(inv).some((f) => f.id === 'istiod:remote'));
    });
  });

  it('sorts errors first and summarizes counts', () => {
    const inv = healthy();
    inv.namespaces.push(namespace('orphaned', { 'istio.io/rev': 'gone' }), namespace('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }));
    inv.mutatingWebhooks.push(injectorMwc('cp.vendor'));
    inv.services.push({ metadata: { name: 'istiod-cp.vendor', namespace: 'istio-system' } });
    const found = precheck(inv);
    assert.deepEqual(found.map((f) => f.severity), sortFindings(found).map((f) => f.severity));
    assert.equal(found[0].severity, 'error');
    assert.equal(findingSummary(found), '2 errors · 1 warning · 1 info');
    assert.equal(findingSummary([]), 'no findings');
  });

  it('never throws on garbage inventories', () => {
    const junk = [null, 1, 'x', {}, { metadata: null }, { metadata: { name: 'a', labels: null } }];
    const inv = { namespaces: junk, pods: junk, deployments: junk, statefulSets: junk, daemonSets: junk, mutatingWebhooks: junk, validatingWebhooks: junk, services: junk, configMaps: junk } as unknown as ClusterInventory;
    assert.ok(Array.isArray(runPrecheck(inv, buildSnapshot('junk', inv), { today: TODAY })));
    assert.ok(Array.isArray(runPrecheck(null as unknown as ClusterInventory, buildSnapshot('junk', inventory()))));
  });
});

describe('precheck in slices (the extension host yields between checks)', () => {
  it('a cluster of 600 namespaces gets the same findings as one pass, sliced or not', async () => {
    const inv = installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-9-0', '1.9.0');
    for (let i = 0; i < 600; i++) {
      const ns = `ns-${String(i).padStart(3, '0')}`;
      inv.namespaces.push(namespace(ns, { 'istio.io/rev': i % 2 ? '1-9-0' : '1-7-6' }));
      inv.deployments.push(deployment('web', ns));
      inv.pods.push(...deploymentPods('web', ns, [injected118(i % 3 ? '1-9-0' : '1-7-6', i % 5 ? '1.7.6' : '1.9.0')], `h${i}`));
    }
    inv.mutatingWebhooks.push(tagMwc('1-9-0', '1-7-6')); // a tag named like a revision: every 1-9-0 namespace overlaps
    const snapshot = buildSnapshot('c', inv);
    const today = new Date('2026-01-01');
    const webhooks = sortFindings(webhookFindings(inv, snapshot));
    assert.ok(webhooks.filter((f) => f.id.startsWith('IST0139:overlap:')).length >= 300, 'the case has overlaps in every chunk');
    const whole = sortFindings(versionFindings(snapshot, today));
    const sliced = await runPrecheckSliced(inv, snapshot, { today });
    const versionCodes = new Set(whole.map((f) => f.code));
    assert.ok(whole.some((f) => f.id.startsWith('skew:')), 'the case has skew findings');
    assert.deepEqual(sliced.filter((f) => versionCodes.has(f.code)), whole);
    const webhookCodes = new Set(webhooks.map((f) => f.code));
    assert.deepEqual(sliced.filter((f) => webhookCodes.has(f.code)), webhooks);
    assert.deepEqual(runPrecheck(inv, snapshot, { today }), sliced);
  });
});
