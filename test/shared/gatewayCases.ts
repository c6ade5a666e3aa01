/** Gateways on seed 004 (blue/green), shared by the simulator and the real-server suites. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findGateways } from '../../src/mesh/gateways';
import { planGatewayInPlace, planGatewaySwitch } from '../../src/mesh/gatewayPlans';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { readGatewayInventory } from '../../src/upgrade/gatewayInventory';
import { switchBack, switchGateway } from '../../src/upgrade/gatewaySwitch';
import { setWorkloadRevision } from '../../src/upgrade/setWorkloadRevision';
import { waitForRollout } from '../../src/upgrade/waitForRollout';
import { Journal } from '../../src/upgrade/journal';
import { gatewayListCommand, gatewaySwitchCommand } from '../../src/cli/gatewayCommand';
import { eventually } from '../integration/simHarness';
import type { Harness, StartHarness } from './harness';

const SERVICE = { namespace: 'istio-gateways', name: 'istio-ingressgateway' };
const GREEN = { namespace: 'istio-gateways', name: 'istio-ingressgateway-1-10-4' };

async function state(h: Harness) {
  const inv = await readGatewayInventory(h.client);
  return { inv, snapshot: buildSnapshot(h.contextName, inv) };
}

async function selector(h: Harness): Promise<Record<string, string> | undefined> {
  return (await h.client.get('services', SERVICE.name, SERVICE.namespace)).spec?.selector;
}

export function defineGatewayCases(start: StartHarness, where: string): void {
  describe(`gateways ${where} (seed 004 blue/green)`, function () {
    this.timeout(60000);
    let h: Harness;
    let dir: string;
    let journal: Journal;
    beforeEach(async () => {
      h = await start('blue-green-gateways');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateways-'));
      journal = new Journal(dir);
    });
    afterEach(async () => {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('finds both Helm gateways with their revision, proxy version and Service', async () => {
      const { inv, snapshot } = await state(h);
      const gws = findGateways(inv, snapshot);
      assert.deepEqual(gws.map((g) => [g.name, g.style, g.revision, g.revisionSource, g.proxyVersions.join(','), g.services.join(',')]), [
        ['istio-ingressgateway-1-10-4', 'helm', '1-10-4', 'pod-template', '1.10.4', ''],
        ['istio-ingressgateway-1-9-7', 'helm', '1-9-7', 'pod-template', '1.9.7', 'istio-ingressgateway'],
      ]);
    });

    it('switches the Service to 1-10-4 and back to 1-9-7 from the journal', async () => {
      const { inv, snapshot } = await state(h);
      const r = planGatewaySwitch(inv, snapshot, SERVICE, GREEN);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(r.plan.changes, { version: ['1-9-7', '1-10-4'] });

      const dry = await switchGateway(h.client, r.plan, { dryRun: true });
      assert.equal(dry.changed, true);
      assert.deepEqual(await selector(h), { istio: 'ingressgateway', version: '1-9-7' }, 'dry run changes nothing');

      const run = journal.startRun({ command: 'gateway-switch', context: h.contextName, namespaces: [SERVICE.namespace] });
      await switchGateway(h.client, r.plan, { journal, run });
      assert.deepEqual(await selector(h), { istio: 'ingressgateway', version: '1-10-4' });
      const after = await state(h);
      assert.deepEqual(findGateways(after.inv, after.snapshot).find((g) => g.name === GREEN.name)?.services, ['istio-ingressgateway']);

      const back = journal.startRun({ command: 'gateway-switch', context: h.contextName, namespaces: [SERVICE.namespace], rollbackOf: run.runId });
      const res = await switchBack(h.client, journal, run.runId, { journal, run: back });
      assert.equal(res.changed, true);
      assert.deepEqual(await selector(h), { istio: 'ingressgateway', version: '1-9-7' });
    });

    it('refuses to switch back over someone else\'s change', async () => {
      const { inv, snapshot } = await state(h);
      const r = planGatewaySwitch(inv, snapshot, SERVICE, GREEN);
      assert.ok(r.ok);
      const run = journal.startRun({ command: 'gateway-switch', context: h.contextName, namespaces: [] });
      await switchGateway(h.client, r.plan, { journal, run });
      await h.client.patch('services', SERVICE.name, SERVICE.namespace, 'merge', { spec: { selector: { version: 'other' } } });
      await assert.rejects(switchBack(h.client, journal, run.runId), /changed since the plan/);
    });

    it('refuses when the new gateway is scaled to 0 / not ready', async () => {
      await h.client.patch('deployments', GREEN.name, GREEN.namespace, 'merge', { spec: { replicas: 0 } });
      // A real Deployment controller reports the scale-down in status a moment after the pods are gone.
      const settled = (s: Awaited<ReturnType<typeof state>>) => {
        const d = s.inv.deployments.find((x) => x.metadata.namespace === GREEN.namespace && x.metadata.name === GREEN.name);
        return (d?.status?.observedGeneration ?? 0) >= (d?.metadata.generation ?? 0) && !d?.status?.readyReplicas;
      };
      const { inv, snapshot } = await eventually(() => state(h), (s) => settled(s) && !s.snapshot.namespaces.find((n) => n.name === 'istio-gateways')?.workloads.find((w) => w.name === GREEN.name)?.pods.length);
      const r = planGatewaySwitch(inv, snapshot, SERVICE, GREEN);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, /not ready \(0\/0 ready\)/);
      assert.deepEqual(await selector(h), { istio: 'ingressgateway', version: '1-9-7' });
    });

    it('refuses at execution time when the gateway went down after planning', async () => {
      const { inv, snapshot } = await state(h);
      const r = planGatewaySwitch(inv, snapshot, SERVICE, GREEN);
      assert.ok(r.ok);
      await h.client.patch('deployments', GREEN.name, GREEN.namespace, 'merge', { spec: { replicas: 0 } });
      await assert.rejects(switchGateway(h.client, r.plan), /not ready/);
      assert.deepEqual(await selector(h), { istio: 'ingressgateway', version: '1-9-7' });
    });

    it('moves the blue gateway in place to 1-10-4 (pod-template istio.io/rev, pods roll)', async () => {
      const { inv, snapshot } = await state(h);
      const blue = { namespace: 'istio-gateways', name: 'istio-ingressgateway-1-9-7' };
      const p = planGatewayInPlace(inv, snapshot, blue, '1-10-4');
      assert.ok(p.ok, p.ok ? '' : p.error);
      const r = await setWorkloadRevision(h.client, p.plan.ref, p.plan.target, {});
      await waitForRollout(h.client, p.plan.ref, { timeoutMs: 20000, minGeneration: r.generation });
      const after = await eventually(() => state(h), (s) => findGateways(s.inv, s.snapshot).find((g) => g.name === blue.name)?.proxyVersions.join() === '1.10.4');
      assert.equal(findGateways(after.inv, after.snapshot).find((g) => g.name === blue.name)?.revision, '1-10-4');
    });

    it('CLI: gateway list and gateway switch --dry-run', async () => {
      const out: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
      const common = { kubeconfig: h.kubeconfigPath, context: h.contextName, journal: dir, output: 'table' as const };
      assert.equal(await gatewayListCommand(common, io), 0);
      assert.match(out.join('\n'), /istio-ingressgateway-1-10-4\s+helm\s+1-10-4/);
      out.length = 0;
      assert.equal(await gatewaySwitchCommand({ ...common, service: 'istio-gateways/istio-ingressgateway', to: 'istio-gateways/istio-ingressgateway-1-10-4', dryRun: true }, io), 0);
      assert.match(out.join('\n'), /version: 1-9-7 → 1-10-4/);
      assert.deepEqual(await selector(h), { istio: 'ingressgateway', version: '1-9-7' });
    });
  });
}
