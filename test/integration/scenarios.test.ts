import { strict as assert } from 'node:assert';
import { startSimHarness, ns, proxies, type SimHarness } from './simHarness';

describe('scenarios read back through client-node over HTTPS', function () {
  this.timeout(30000);

  describe('canary-1-6-to-1-7 (seed 003)', () => {
    let h: SimHarness;
    before(async () => { h = await startSimHarness('canary-1-6-to-1-7'); });
    after(() => h.stop());

    it('has the 1.6.14 default revision and the 1.7.0 canary, nothing stale', async () => {
      const s = await h.snapshot();
      assert.deepEqual(s.revisions.map((r) => [r.name, r.version, r.isDefault, `${r.readyReplicas}/${r.desiredReplicas}`]).sort(),
        [['canary', '1.7.0', false, '1/1'], ['default', '1.6.14', true, '1/1']]);
      assert.equal(s.defaultRevision?.name, 'default');
      assert.deepEqual(s.tags, []);
      for (const name of ['demo-a', 'demo-b']) {
        const n = ns(s, name);
        assert.equal(n.state, 'bound');
        assert.deepEqual(n.target, { revision: 'default', via: 'istio-injection' });
      }
      assert.deepEqual(proxies(s, 'demo-a', 'app-a'), ['default/1.6.14', 'default/1.6.14']);
      assert.deepEqual(proxies(s, 'demo-b', 'app-b'), ['default/1.6.14']);
      assert.deepEqual(proxies(s, 'istio-system', 'istio-ingressgateway'), ['default/1.6.14']);
      assert.equal(s.namespaces.flatMap((n) => n.workloads).flatMap((w) => w.pods).filter((p) => p.needsRestart).length, 0);
    });
  });

  describe('tags-prod-canary (seed 001)', () => {
    let h: SimHarness;
    before(async () => { h = await startSimHarness('tags-prod-canary'); });
    after(() => h.stop());

    it('has revisions 1-7-6 / 1-8-0, tags prod / canary, a and b on prod, c on canary', async () => {
      const s = await h.snapshot();
      assert.deepEqual(s.revisions.map((r) => [r.name, r.version, r.tags]).sort(), [['1-7-6', '1.7.6', ['prod']], ['1-8-0', '1.8.0', ['canary']]]);
      assert.deepEqual(s.tags.map((t) => [t.name, t.revision]).sort(), [['canary', '1-8-0'], ['prod', '1-7-6']]);
      assert.deepEqual(ns(s, 'a').target, { revision: '1-7-6', via: 'tag', tag: 'prod' });
      assert.deepEqual(ns(s, 'b').target, { revision: '1-7-6', via: 'tag', tag: 'prod' });
      assert.deepEqual(ns(s, 'c').target, { revision: '1-8-0', via: 'tag', tag: 'canary' });
      for (const n of ['a', 'b']) for (const w of ns(s, n).workloads) assert.ok(w.pods.every((p) => p.revision === '1-7-6' && p.proxyVersion === '1.7.6' && !p.needsRestart));
      for (const w of ns(s, 'c').workloads) assert.ok(w.pods.every((p) => p.revision === '1-8-0' && p.proxyVersion === '1.8.0'));
    });
  });

  describe('blue-green-gateways (seed 004)', () => {
    let h: SimHarness;
    before(async () => { h = await startSimHarness('blue-green-gateways'); });
    after(() => h.stop());

    it('has a gateway per revision in the unlabeled istio-gateways namespace and the Service on 1-9-7', async () => {
      const s = await h.snapshot();
      assert.deepEqual(s.revisions.map((r) => [r.name, r.version]).sort(), [['1-10-4', '1.10.4'], ['1-9-7', '1.9.7']]);
      assert.equal(ns(s, 'istio-gateways').state, 'unlabeled');
      assert.deepEqual(proxies(s, 'istio-gateways', 'istio-ingressgateway-1-9-7'), ['1-9-7/1.9.7', '1-9-7/1.9.7']);
      assert.deepEqual(proxies(s, 'istio-gateways', 'istio-ingressgateway-1-10-4'), ['1-10-4/1.10.4', '1-10-4/1.10.4']);
      const svc = await h.client.get('services', 'istio-ingressgateway', 'istio-gateways');
      assert.equal(svc.spec?.type, 'LoadBalancer');
      assert.equal(svc.spec?.selector?.version, '1-9-7');
    });
  });

  describe('mid-upgrade (every edge case)', () => {
    let h: SimHarness;
    before(async () => { h = await startSimHarness('mid-upgrade'); });
    after(() => h.stop());

    it('shows conflicts, disabled, dangling, stale, dotted and pinned cases as the reference says', async () => {
      const s = await h.snapshot();
      assert.equal(s.defaultRevision?.name, '1-23-4');
      assert.equal(s.defaultRevision?.source, 'default-tag');
      assert.ok(s.revisions.some((r) => r.name === 'cp-v117x.istio-system' && r.version === '1.17.8'));
      assert.match(ns(s, 'conflict').conflict ?? '', /IST0123/);
      assert.deepEqual(ns(s, 'conflict').target, { revision: '1-23-4', via: 'istio-injection', tag: 'default' });
      assert.equal(ns(s, 'legacy').state, 'disabled');
      assert.equal(ns(s, 'orphaned').state, 'dangling');
      assert.deepEqual(proxies(s, 'shop', 'cart'), ['1-23-4/1.23.4 stale', '1-23-4/1.23.4 stale']);
      assert.deepEqual(ns(s, 'vendor-app').target, { revision: 'cp-v117x.istio-system', via: 'istio.io/rev' });
      const tools = ns(s, 'tools').workloads.map((w) => `${w.kind}/${w.name}/${w.restartable}`).sort();
      assert.deepEqual(tools, ['Job/db-migrate/false', 'Pod/debug-shell/false']);
    });
  });
});
