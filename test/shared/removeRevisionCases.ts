/** Revision removal on seed 001, shared by the simulator and the real-server suites. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planMigration } from '../../src/mesh/migrationPlan';
import { blockerText, planRevisionRemoval, type RemovalPlan } from '../../src/mesh/revisionRemoval';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { runMigration } from '../../src/upgrade/migrationRunner';
import { removeRevision, undoRemoval } from '../../src/upgrade/removeRevision';
import { Journal } from '../../src/upgrade/journal';
import { removeRevisionCommand } from '../../src/cli/removeRevisionCommand';
import type { Harness, StartHarness } from './harness';

async function plan(h: Harness, revision: string) {
  const inv = await readInventory(h.client);
  return planRevisionRemoval(inv, buildSnapshot(h.contextName, inv), revision);
}

async function names(h: Harness): Promise<string[]> {
  const [d, s, c, m, v] = await Promise.all([
    h.client.list('deployments', { namespace: 'istio-system' }), h.client.list('services', { namespace: 'istio-system' }),
    h.client.list('configmaps', { namespace: 'istio-system' }), h.client.list('mutatingwebhookconfigurations'), h.client.list('validatingwebhookconfigurations'),
  ]);
  return [...d.items, ...s.items, ...c.items, ...m.items, ...v.items].map((o) => o.metadata.name).filter((n) => n.includes('1-7-6')).sort();
}

export function defineRemoveRevisionCases(start: StartHarness, where: string): void {
  describe(`remove an old revision ${where} (seed 001 tags-prod-canary)`, function () {
    this.timeout(60000);
    let h: Harness;
    let dir: string;
    let journal: Journal;
    before(async () => {
      h = await start('tags-prod-canary');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remove-rev-'));
      journal = new Journal(dir);
    });
    after(async () => {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('refuses 1-7-6 while tag prod, namespaces a and b and their pods use it', async () => {
      const r = await plan(h, '1-7-6');
      assert.equal(r.ok, false);
      if (r.ok) return;
      const kinds = r.blockers.map((b) => (b.kind === 'pod' ? 'pod' : b.kind === 'namespace' ? `ns ${b.namespace} via ${b.via}` : b.kind === 'tag' ? `tag ${b.tag}` : b.kind));
      assert.deepEqual(kinds.filter((k) => k !== 'pod'), ['tag prod', 'ns a via prod', 'ns b via prod']);
      assert.equal(kinds.filter((k) => k === 'pod').length, 5, 'frontend ×2, cart, orders ×2');
      assert.ok(r.blockers.every((b) => blockerText(b).length > 0));
      assert.match(r.error, /tag prod points at it/);
    });

    it('CLI: remove-revision exits 1 with the list while it is in use', async () => {
      const out: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
      const code = await removeRevisionCommand({ kubeconfig: h.kubeconfigPath, context: h.contextName, journal: dir, output: 'table', revision: '1-7-6', dryRun: true }, io);
      assert.equal(code, 1);
      assert.match(out.join('\n'), /namespace a injects with it \(through tag prod\)/);
    });

    it('allows it after a and b move to canary and tag prod is deleted; dry run deletes nothing; delete, then undo', async () => {
      const mig = planMigration(h.contextName, await readInventory(h.client), ['a', 'b'], 'canary');
      assert.ok(mig.ok, mig.ok ? '' : mig.error);
      const outcome = await runMigration({ client: h.client, journal }, mig.plan);
      assert.equal(outcome.status, 'completed', JSON.stringify(outcome));
      await h.client.delete('mutatingwebhookconfigurations', 'istio-revision-tag-prod');

      const r = await plan(h, '1-7-6');
      assert.ok(r.ok, r.ok ? '' : r.error);
      const p: RemovalPlan = r.plan;
      assert.deepEqual(p.objects.map((o) => `${o.kind}/${o.name}`), [
        'mutatingwebhookconfigurations/istio-sidecar-injector-1-7-6',
        'validatingwebhookconfigurations/istio-validator-1-7-6-istio-system',
        'deployments/istiod-1-7-6',
        'services/istiod-1-7-6',
        'configmaps/istio-1-7-6',
        'configmaps/istio-sidecar-injector-1-7-6',
      ]);
      assert.equal(p.istioctl, `istioctl uninstall --revision 1-7-6 --context ${h.contextName}`);
      assert.deepEqual(p.byHand.map((b) => `${b.kind}/${b.name}`), ['ServiceAccount/istiod-1-7-6']);

      const before = await names(h);
      assert.equal(before.length, 6);
      const dry = await removeRevision(h.client, p, { dryRun: true });
      assert.equal(dry.deleted.length, 6);
      assert.deepEqual(await names(h), before, 'dry run deletes nothing');

      const run = journal.startRun({ command: 'remove-revision', context: h.contextName, target: '1-7-6', namespaces: [] });
      const real = await removeRevision(h.client, p, { journal, run });
      assert.equal(real.deleted.length, 6);
      assert.deepEqual(await names(h), []);
      const after = buildSnapshot(h.contextName, await readInventory(h.client));
      assert.deepEqual(after.revisions.map((x) => x.name), ['1-8-0']);
      assert.ok((await h.client.list('mutatingwebhookconfigurations')).items.some((m) => m.metadata.name === 'istio-sidecar-injector-1-8-0'), '1-8-0 untouched');

      const undo = await undoRemoval(h.client, journal, run.runId);
      assert.equal(undo.created.length, 6);
      assert.deepEqual(await names(h), before);
      const restored = buildSnapshot(h.contextName, await readInventory(h.client));
      assert.deepEqual(restored.revisions.map((x) => x.name).sort(), ['1-7-6', '1-8-0']);
    });
  });
}
