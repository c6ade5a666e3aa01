/** The revision-tag seed flow (001), shared by the simulator and the real-server suites. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planTagRemove, planTagSet, type TagRemovePlan, type TagSetPlan } from '../../src/mesh/tagPlan';
import type { KWebhookConfiguration } from '../../src/mesh/kubeObjects';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { applyTagWrites, rollbackTagRun } from '../../src/upgrade/tagOps';
import { planTagRestart } from '../../src/upgrade/tagRestart';
import { planMigration } from '../../src/mesh/migrationPlan';
import { runMigration } from '../../src/upgrade/migrationRunner';
import { Journal } from '../../src/upgrade/journal';
import { tagCommand } from '../../src/cli/tagCommand';
import type { CommonArgs } from '../../src/cli/cliTypes';
import { proxies } from '../integration/simHarness';
import { injectorTarget, type Harness, type StartHarness } from './harness';

async function setPlan(h: Harness, tag: string, revision: string, overwrite: boolean): Promise<TagSetPlan> {
  const r = planTagSet(await readInventory(h.client), tag, revision, { overwrite });
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

async function removePlan(h: Harness, tag: string): Promise<TagRemovePlan> {
  const r = planTagRemove(await readInventory(h.client), tag);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

async function mwc(h: Harness, name: string): Promise<KWebhookConfiguration | undefined> {
  return (await h.client.list('mutatingwebhookconfigurations')).items.find((m) => m.metadata.name === name);
}

function captureIo(): { out: string[]; err: string[]; io: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

export function defineTagCases(start: StartHarness, where: string): void {
  describe(`revision tags ${where} (seed 001: prod → 1-7-6, canary → 1-8-0)`, function () {
    this.timeout(60000);
    let h: Harness;
    let journal: Journal;
    let dir: string;
    let originalProd: KWebhookConfiguration | undefined;
    let moveRunId: string | undefined;

    before(async () => {
      h = await start('tags-prod-canary', 20);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tags-'));
      journal = new Journal(dir);
      originalProd = await mwc(h, 'istio-revision-tag-prod');
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await h.stop();
    });

    it('starts with prod → 1-7-6 and canary → 1-8-0', async () => {
      const s = await h.snapshot();
      assert.deepEqual(s.tags.map((t) => `${t.name}→${t.revision}`), ['canary→1-8-0', 'prod→1-7-6']);
      assert.deepEqual(proxies(s, 'a', 'frontend'), ['1-7-6/1.7.6', '1-7-6/1.7.6']);
    });

    it('refuses to move prod without --overwrite, in istioctl wording', async () => {
      const r = planTagSet(await readInventory(h.client), 'prod', '1-8-0');
      assert.ok(!r.ok);
      assert.equal(!r.ok && r.error, 'revision tag "prod" already exists, and --overwrite is false');
    });

    it('a dry run (server-side) changes nothing and journals nothing', async () => {
      const plan = await setPlan(h, 'prod', '1-8-0', true);
      const out = await applyTagWrites(h.client, plan.writes, { journal, dryRun: true, overwrite: true });
      assert.equal(out.status, 'dry run', out.error);
      assert.deepEqual(out.results.map((r) => r.action), ['replaced']);
      assert.deepEqual((await mwc(h, 'istio-revision-tag-prod'))?.webhooks, originalProd?.webhooks);
      assert.equal((await mwc(h, 'istio-revision-tag-prod'))?.metadata.labels?.['istio.io/rev'], '1-7-6');
      const removal = await applyTagWrites(h.client, (await removePlan(h, 'canary')).writes, { journal, dryRun: true });
      assert.deepEqual(removal.results.map((r) => r.action), ['deleted']);
      assert.ok(await mwc(h, 'istio-revision-tag-canary'));
      assert.deepEqual(journal.runs(), []);
    });

    it('moves prod to 1-8-0 with --overwrite: nothing changes until a restart, then a and b run 1.8.0 and verify', async () => {
      const plan = await setPlan(h, 'prod', '1-8-0', true);
      assert.deepEqual(plan.namespaces, ['a', 'b']);
      const out = await applyTagWrites(h.client, plan.writes, { journal, overwrite: true, target: 'prod', namespaces: plan.namespaces });
      assert.equal(out.status, 'completed', out.error);
      moveRunId = out.runId;
      const moved = await mwc(h, 'istio-revision-tag-prod');
      assert.equal(moved?.metadata.labels?.['istio.io/rev'], '1-8-0');
      assert.equal(injectorTarget(moved?.webhooks?.[0].clientConfig), 'istiod-1-8-0');

      const between = await h.snapshot();
      assert.equal(between.tags.find((t) => t.name === 'prod')?.revision, '1-8-0');
      assert.deepEqual(proxies(between, 'a', 'frontend'), ['1-7-6/1.7.6 stale', '1-7-6/1.7.6 stale']);

      const { plan: restart } = planTagRestart(between, 'prod', plan.namespaces);
      assert.equal(restart.target.revision, '1-8-0');
      const outcome = await runMigration({ client: h.client, journal }, restart, { command: 'restart', verifySettleMs: 10000 });
      assert.equal(outcome.status, 'completed', JSON.stringify(outcome.namespaces.map((n) => n.error)));
      assert.deepEqual(outcome.namespaces.map((n) => n.verdict?.verdict), ['pass', 'pass']);
      const after = await h.snapshot();
      assert.deepEqual(proxies(after, 'a', 'frontend'), ['1-8-0/1.8.0', '1-8-0/1.8.0']);
      assert.deepEqual(proxies(after, 'a', 'cart'), ['1-8-0/1.8.0']);
      assert.deepEqual(proxies(after, 'b', 'orders'), ['1-8-0/1.8.0', '1-8-0/1.8.0']);

      const writes = journal.writes(moveRunId).filter((w) => w.phase === 'applied');
      assert.deepEqual(writes.map((w) => [w.kind, w.name, w.op, w.before['istio.io/rev'], w.after['istio.io/rev']]), [
        ['mutatingwebhookconfigurations', 'istio-revision-tag-prod', 'replace', '1-7-6', '1-8-0'],
      ]);
      assert.equal((writes[0].previousObject as KWebhookConfiguration).metadata.labels?.['istio.io/rev'], '1-7-6');
    });

    it('removing canary warns (namespace c still uses it) and deletes its webhook', async () => {
      const plan = await removePlan(h, 'canary');
      assert.equal(plan.warning, 'Caution, found 1 namespace still injected by tag "canary": c');
      const out = await applyTagWrites(h.client, plan.writes, { journal, target: 'canary' });
      assert.equal(out.status, 'completed', out.error);
      assert.equal(await mwc(h, 'istio-revision-tag-canary'), undefined);
      const s = await h.snapshot();
      assert.deepEqual(s.tags.map((t) => t.name), ['prod']);
      assert.equal(s.namespaces.find((n) => n.name === 'c')?.state, 'dangling');
    });

    it('undo of the move restores the old webhook exactly', async () => {
      assert.ok(moveRunId);
      const out = await rollbackTagRun(h.client, journal, moveRunId as string);
      assert.equal(out.status, 'completed', out.error);
      const restored = await mwc(h, 'istio-revision-tag-prod');
      assert.deepEqual(restored?.webhooks, originalProd?.webhooks);
      assert.deepEqual(restored?.metadata.labels, originalProd?.metadata.labels);
      assert.equal((await h.snapshot()).tags.find((t) => t.name === 'prod')?.revision, '1-7-6');
      assert.equal(journal.run(out.runId as string)?.rollbackOf, moveRunId);
    });

    describe('CLI: tag set / move / remove / list', () => {
      let common: CommonArgs;
      before(() => {
        common = { kubeconfig: h.kubeconfigPath, context: h.contextName, namespaces: [], output: 'table', dryRun: false, journal: dir };
      });

      it('tag list -o json prints istioctl\'s rows', async () => {
        const c = captureIo();
        assert.equal(await tagCommand('list', { ...common, output: 'json', overwrite: false }, c.io), 0);
        assert.deepEqual(JSON.parse(c.out.join('\n')), [{ tag: 'prod', revision: '1-7-6', namespaces: ['a', 'b'] }]);
      });

      it('tag set refuses an existing tag (exit 1) and a revision name; --dry-run changes nothing; set creates', async () => {
        const refused = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: 'prod', revision: '1-8-0', overwrite: false }, refused.io), 1);
        assert.match(refused.err.join('\n'), /revision tag "prod" already exists, and --overwrite is false/);
        const sameName = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: '1-7-6', revision: '1-8-0', overwrite: false }, sameName.io), 1);
        assert.match(sameName.err.join('\n'), /found existing control plane revision with same name/);
        const dry = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: 'canary', revision: '1-8-0', overwrite: false, dryRun: true }, dry.io), 0, dry.err.join('\n'));
        assert.equal(await mwc(h, 'istio-revision-tag-canary'), undefined);
        const set = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: 'canary', revision: '1-8-0', overwrite: false }, set.io), 0, set.err.join('\n'));
        assert.match(set.out.join('\n'), /Revision tag "canary" created, referencing control plane revision "1-8-0"/);
        assert.equal((await mwc(h, 'istio-revision-tag-canary'))?.metadata.labels?.['istio.io/rev'], '1-8-0');
      });

      it('tag move = set --overwrite; tag remove warns and deletes; usage errors exit 1', async () => {
        const move = captureIo();
        assert.equal(await tagCommand('move', { ...common, tag: 'canary', revision: '1-7-6', overwrite: false }, move.io), 0, move.err.join('\n'));
        assert.equal((await mwc(h, 'istio-revision-tag-canary'))?.metadata.labels?.['istio.io/rev'], '1-7-6');
        assert.match(move.err.join('\n'), /restart/);
        const rm = captureIo();
        assert.equal(await tagCommand('remove', { ...common, tag: 'canary', overwrite: false }, rm.io), 0, rm.err.join('\n'));
        assert.match(rm.err.join('\n'), /Caution, found 1 namespace still injected by tag "canary": c/);
        assert.equal(await mwc(h, 'istio-revision-tag-canary'), undefined);
        const missing = captureIo();
        assert.equal(await tagCommand('remove', { ...common, tag: 'canary', overwrite: false }, missing.io), 1);
        const usage = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: 'x', overwrite: false }, usage.io), 1);
        assert.equal(await tagCommand('frobnicate', { ...common, overwrite: false }, usage.io), 1);
      });
    });

    describe('tag set --webhook-name: a custom-named tag webhook injects, moves, renames (undoable) and is removed, found by its label', () => {
      let common: CommonArgs;
      before(() => {
        common = { kubeconfig: h.kubeconfigPath, context: h.contextName, namespaces: [], output: 'table', dryRun: false, journal: dir };
      });

      it('tag set blue --revision 1-7-6 --webhook-name blue-injector creates only blue-injector; tag list shows blue', async () => {
        const c = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: 'blue', revision: '1-7-6', overwrite: false, webhookName: 'blue-injector' }, c.io), 0, c.err.join('\n'));
        assert.match(c.err.join('\n'), /create MutatingWebhookConfiguration blue-injector \(istio\.io\/tag=blue, istio\.io\/rev=1-7-6\)/);
        const created = await mwc(h, 'blue-injector');
        assert.equal(created?.metadata.labels?.['istio.io/tag'], 'blue');
        assert.equal(created?.metadata.labels?.['istio.io/rev'], '1-7-6');
        assert.equal(injectorTarget(created?.webhooks?.[0].clientConfig), 'istiod-1-7-6');
        assert.equal(await mwc(h, 'istio-revision-tag-blue'), undefined);
        const list = captureIo();
        assert.equal(await tagCommand('list', { ...common, output: 'json', overwrite: false }, list.io), 0);
        assert.deepEqual(JSON.parse(list.out.join('\n')).find((r: { tag: string }) => r.tag === 'blue'), { tag: 'blue', revision: '1-7-6', namespaces: [] });
        assert.equal((await h.snapshot()).tags.find((t) => t.name === 'blue')?.webhook, 'blue-injector');
      });

      it('namespace c migrated to istio.io/rev=blue gets 1-7-6 sidecars through blue-injector', async () => {
        const planned = planMigration(h.contextName, await readInventory(h.client), ['c'], 'blue');
        assert.ok(planned.ok, planned.ok ? '' : planned.error);
        const outcome = await runMigration({ client: h.client, journal }, planned.plan);
        assert.equal(outcome.status, 'completed', JSON.stringify(outcome.namespaces.map((n) => n.error)));
        assert.equal(outcome.namespaces[0].verdict?.verdict, 'pass');
        const s = await h.snapshot();
        assert.deepEqual(s.namespaces.find((n) => n.name === 'c')?.target, { revision: '1-7-6', via: 'tag', tag: 'blue' });
        assert.deepEqual(proxies(s, 'c', 'payments'), ['1-7-6/1.7.6', '1-7-6/1.7.6']);
      });

      it('refuses a --webhook-name that names another object (the 1-8-0 injector), which stays untouched', async () => {
        const before = await mwc(h, 'istio-sidecar-injector-1-8-0');
        const c = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: 'green', revision: '1-8-0', overwrite: false, webhookName: 'istio-sidecar-injector-1-8-0' }, c.io), 1);
        assert.match(c.err.join('\n'), /cannot use --webhook-name "istio-sidecar-injector-1-8-0": .* is not a webhook of tag "green" \(it is the injector of revision "1-8-0"\)/);
        assert.deepEqual((await mwc(h, 'istio-sidecar-injector-1-8-0'))?.metadata.labels, before?.metadata.labels);
        const usage = captureIo();
        assert.equal(await tagCommand('remove', { ...common, tag: 'blue', overwrite: false, webhookName: 'x' }, usage.io), 1);
      });

      it('tag move blue without --webhook-name replaces blue-injector in place', async () => {
        const c = captureIo();
        assert.equal(await tagCommand('move', { ...common, tag: 'blue', revision: '1-8-0', overwrite: false }, c.io), 0, c.err.join('\n'));
        assert.match(c.err.join('\n'), /replace MutatingWebhookConfiguration blue-injector \(istio\.io\/rev 1-7-6 → 1-8-0\)/);
        assert.match(c.err.join('\n'), /restart --namespace c/);
        assert.equal((await mwc(h, 'blue-injector'))?.metadata.labels?.['istio.io/rev'], '1-8-0');
        assert.equal(injectorTarget((await mwc(h, 'blue-injector'))?.webhooks?.[0].clientConfig), 'istiod-1-8-0');
        assert.equal(await mwc(h, 'istio-revision-tag-blue'), undefined);
      });

      it('a rename (--overwrite --webhook-name blue-injector-v2) creates the new webhook and deletes the old; undo puts it back', async () => {
        const original = await mwc(h, 'blue-injector');
        const r = planTagSet(await readInventory(h.client), 'blue', '1-8-0', { overwrite: true, webhookName: 'blue-injector-v2' });
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.deepEqual(r.plan.writes.map((w) => [w.op, w.name]), [['apply', 'blue-injector-v2'], ['delete', 'blue-injector']]);
        const dry = await applyTagWrites(h.client, r.plan.writes, { journal, dryRun: true, overwrite: true });
        assert.deepEqual(dry.results.map((x) => x.action), ['created', 'deleted'], dry.error);
        assert.equal(await mwc(h, 'blue-injector-v2'), undefined);
        const out = await applyTagWrites(h.client, r.plan.writes, { journal, overwrite: true, target: 'blue', namespaces: r.plan.namespaces });
        assert.equal(out.status, 'completed', out.error);
        assert.equal(await mwc(h, 'blue-injector'), undefined);
        assert.equal((await mwc(h, 'blue-injector-v2'))?.metadata.labels?.['istio.io/tag'], 'blue');
        assert.equal((await h.snapshot()).tags.find((t) => t.name === 'blue')?.webhook, 'blue-injector-v2');

        const undo = await rollbackTagRun(h.client, journal, out.runId as string);
        assert.equal(undo.status, 'completed', undo.error);
        assert.deepEqual(undo.results.map((x) => [x.write.name, x.action]), [['blue-injector', 'created'], ['blue-injector-v2', 'deleted']]);
        assert.equal(await mwc(h, 'blue-injector-v2'), undefined);
        assert.deepEqual((await mwc(h, 'blue-injector'))?.webhooks, original?.webhooks);
      });

      it('tag remove blue finds blue-injector by its istio.io/tag label and deletes it', async () => {
        const c = captureIo();
        assert.equal(await tagCommand('remove', { ...common, tag: 'blue', overwrite: false }, c.io), 0, c.err.join('\n'));
        assert.match(c.err.join('\n'), /delete MutatingWebhookConfiguration blue-injector/);
        assert.match(c.err.join('\n'), /Caution, found 1 namespace still injected by tag "blue": c/);
        assert.equal(await mwc(h, 'blue-injector'), undefined);
        assert.equal((await h.snapshot()).tags.find((t) => t.name === 'blue'), undefined);
      });

      it('tag set default --auto-inject-namespaces: the server stores the auto entry as rendered; undo removes it all', async () => {
        const dry = captureIo();
        assert.equal(await tagCommand('set', { ...common, tag: 'default', revision: '1-8-0', overwrite: false, autoInjectNamespaces: true, dryRun: true, output: 'json' }, dry.io), 0, dry.err.join('\n'));
        const dryOut = JSON.parse(dry.out.join('\n')) as { status: string; webhookName: string; autoInjectNamespaces: boolean };
        assert.deepEqual([dryOut.status, dryOut.webhookName, dryOut.autoInjectNamespaces], ['dry run', 'istio-revision-tag-default', true]);
        assert.equal(await mwc(h, 'istio-revision-tag-default'), undefined);

        const r = planTagSet(await readInventory(h.client), 'default', '1-8-0', { autoInjectNamespaces: true });
        assert.ok(r.ok, r.ok ? '' : r.error);
        const out = await applyTagWrites(h.client, r.plan.writes, { journal, target: 'default', namespaces: r.plan.namespaces });
        assert.equal(out.status, 'completed', out.error);
        const stored = await mwc(h, 'istio-revision-tag-default');
        const rendered = r.plan.writes[0].object as KWebhookConfiguration;
        const auto = stored?.webhooks?.find((w) => w.name === 'auto.sidecar-injector.istio.io');
        assert.deepEqual(auto?.namespaceSelector, rendered.webhooks?.[4].namespaceSelector);
        assert.deepEqual(auto?.objectSelector, rendered.webhooks?.[4].objectSelector);
        assert.equal((await h.snapshot()).defaultRevision?.name, '1-8-0');

        const undo = await rollbackTagRun(h.client, journal, out.runId as string);
        assert.equal(undo.status, 'completed', undo.error);
        assert.equal(await mwc(h, 'istio-revision-tag-default'), undefined);
      });
    });
  });
}
