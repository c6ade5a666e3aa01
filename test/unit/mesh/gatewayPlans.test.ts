import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { distinguishingKeys, planGatewayInPlace, planGatewaySwitch, selectorPatch, switchedSelector } from '../../../src/mesh/gatewayPlans';
import { namespace } from './fixtures';
import { blueGreen, gwPods } from './gatewayFixtures';

const SVC = { namespace: 'istio-gateways', name: 'ingress' };
const GREEN = { namespace: 'istio-gateways', name: 'gw-1-10-4' };

describe('gateway plans', () => {
  it('selector diff: keys that differ between the two templates', () => {
    assert.deepEqual(distinguishingKeys({ app: 'g', version: '1-9-7', 'istio.io/rev': '1-9-7' }, { app: 'g', version: '1-10-4', 'istio.io/rev': '1-10-4' }), ['istio.io/rev', 'version']);
    const r = switchedSelector({ app: 'g', version: '1-9-7' }, { app: 'g', version: '1-9-7' }, { app: 'g', version: '1-10-4' });
    assert.deepEqual(r, { ok: true, plan: { app: 'g', version: '1-10-4' } });
  });

  it('adds a distinguishing key when the selector matches both gateways', () => {
    const r = switchedSelector({ app: 'g' }, { app: 'g', version: 'a', 'istio.io/rev': 'a' }, { app: 'g', version: 'b', 'istio.io/rev': 'b' });
    assert.deepEqual(r, { ok: true, plan: { app: 'g', version: 'b' } });
    assert.equal(switchedSelector({ app: 'g' }, { app: 'g' }, { app: 'g' }).ok, false);
    assert.equal(switchedSelector({ version: 'a' }, { version: 'a' }, { app: 'g' }).ok, false);
  });

  it('merge patch of a selector nulls removed keys', () => {
    assert.deepEqual(selectorPatch({ a: '1', b: '2' }, { a: '3', c: '4' }), { a: '3', b: null, c: '4' });
  });

  it('plans the seed 004 switch and records the old selector', () => {
    const inv = blueGreen();
    const r = planGatewaySwitch(inv, buildSnapshot('c', inv), SVC, GREEN);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.plan.selectorBefore, { istio: 'ingressgateway', version: '1-9-7' });
    assert.deepEqual(r.plan.selectorAfter, { istio: 'ingressgateway', version: '1-10-4' });
    assert.deepEqual(r.plan.changes, { version: ['1-9-7', '1-10-4'] });
    assert.deepEqual([r.plan.from.name, r.plan.resourceVersion], ['gw-1-9-7', '42']);
    assert.match(r.plan.kubectl, /kubectl patch service ingress -n istio-gateways --type merge/);
  });

  it('refuses: not ready, scaled to zero, pods without proxies, already switched, other namespace, unknown', () => {
    const check = (inv: ReturnType<typeof blueGreen>, re: RegExp, to = GREEN, svc = SVC): void => {
      const r = planGatewaySwitch(inv, buildSnapshot('c', inv), svc, to);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, re);
    };
    check(blueGreen({ greenReady: 1 }), /not ready \(1\/2 ready\)/);
    check(blueGreen({ greenReplicas: 0, greenReady: 0, greenPods: 0 }), /not ready \(0\/0 ready\)/);
    const bare = blueGreen();
    bare.pods = bare.pods.filter((p) => !p.metadata.name.startsWith('gw-1-10-4'));
    bare.pods.push(...gwPods('gw-1-10-4', '1-10-4', '1.10.4', 2).map((p) => ({ ...p, metadata: { ...p.metadata, annotations: {} }, spec: { containers: [{ name: 'app', image: 'x' }] } })));
    check(bare, /0 of 2 pods carry an istio-proxy/);
    const done = blueGreen();
    done.services[done.services.length - 1].spec = { type: 'LoadBalancer', selector: { istio: 'ingressgateway', version: '1-10-4' } };
    check(done, /already selects gw-1-10-4/);
    check(blueGreen(), /only selects pods of its own namespace/, { namespace: 'other', name: 'gw-1-10-4' });
    check(blueGreen(), /not found/, GREEN, { namespace: 'istio-gateways', name: 'nope' });
  });

  it('in place: sets the pod-template istio.io/rev; refused when the namespace binding would win', () => {
    const inv = blueGreen();
    const r = planGatewayInPlace(inv, buildSnapshot('c', inv), { namespace: 'istio-gateways', name: 'gw-1-9-7' }, '1-10-4');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual([r.plan.ref, r.plan.before, r.plan.targetRevision, r.plan.targetVersion], [{ kind: 'Deployment', namespace: 'istio-gateways', name: 'gw-1-9-7' }, '1-9-7', '1-10-4', '1.10.4']);
    const same = planGatewayInPlace(inv, buildSnapshot('c', inv), GREEN, '1-10-4');
    assert.match(same.ok ? '' : same.error, /already has/);
    const bad = planGatewayInPlace(inv, buildSnapshot('c', inv), GREEN, 'nope');
    assert.match(bad.ok ? '' : bad.error, /No revision or tag/);
    inv.namespaces = inv.namespaces.map((n) => (n.metadata.name === 'istio-gateways' ? namespace('istio-gateways', { 'istio.io/rev': '1-9-7' }) : n));
    const bound = planGatewayInPlace(inv, buildSnapshot('c', inv), GREEN, '1-9-7');
    assert.match(bound.ok ? '' : bound.error, /namespace binding wins/);
  });
});
