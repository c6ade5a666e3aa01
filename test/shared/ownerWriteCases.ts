/**
 * Writes done the owner's way (issue 13 item 3), through the CLI, shared by the simulator and the real-server suites
 * on the owner scenarios: a Helm-owned tag move is refused with the helm commands and leaves the webhook untouched;
 * a Sail-owned tag move patches the IstioRevisionTag (the simulated operator then re-renders the webhook; the real
 * server has no operator, so the webhook stays as it was); an Argo CD-owned namespace migrate is refused without
 * --ignore-owner and goes through with it (the simulator's self-heal then reverts it: "reverted by Argo CD app …").
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { KSailRevisionTag } from '../../src/mesh/kubeObjects';
import { shellQuote } from '../../src/mesh/shellQuote';
import { sailVersionChange } from '../../src/mesh/owners/sailWrites';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { Journal } from '../../src/upgrade/journal';
import { applySailWrites, undoSailRun } from '../../src/upgrade/sailOps';
import { eventually } from '../integration/simHarness';
import type { Harness, StartHarness } from './harness';

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(h: Harness, journalDir: string, ...args: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--journal', journalDir], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function webhook(h: Harness, name: string): Promise<{ rv?: string; rev?: string }> {
  const w = await h.client.get('mutatingwebhookconfigurations', name);
  return { rv: w.metadata.resourceVersion, rev: w.metadata.labels?.['istio.io/rev'] };
}

async function irt(h: Harness, name: string): Promise<KSailRevisionTag> {
  return h.client.get('istiorevisiontags', name);
}

/** The describe block's harness on `scenario` (started once) and a fresh journal directory per test. */
function useScenario(start: StartHarness, scenario: string): { h: () => Harness; dir: () => string } {
  let h: Harness | undefined;
  let dir = '';
  before(async function () {
    this.timeout(180_000);
    h = await start(scenario);
  });
  after(() => h?.stop());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owner-writes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { h: () => h as Harness, dir: () => dir };
}

function helmCases(start: StartHarness): void {
  describe('helm-canary: tags rendered by revisionTags', () => {
    const journal = useScenario(start, 'helm-canary');
    let h: Harness;
    beforeEach(() => {
      h = journal.h();
    });

    it('tag move of a Helm-rendered tag exits 1 with the helm commands in order; the webhook is untouched, nothing is journaled', async () => {
      const before = await webhook(h, 'istio-revision-tag-prod');
      const r = await cli(h, journal.dir(), 'tag', 'move', 'prod', '--revision', '1-25-1');
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /^refused: tag prod is kept by Helm release istiod-1-24-3 · istiod 1\.24\.3$/m);
      const ctx = shellQuote(h.contextName);
      assert.deepEqual(r.out.split('\n'), [
        '# 1. Take prod out of istiod-1-24-3\'s revisionTags (its webhook is deleted)',
        `helm upgrade istiod-1-24-3 istio/istiod --version 1.24.3 --namespace istio-system --kube-context ${ctx} --reuse-values --set 'revisionTags={default}'`,
        '# 2. Add prod to istiod-1-25-1\'s revisionTags (its webhook is rendered for 1-25-1)',
        `helm upgrade istiod-1-25-1 istio/istiod --version 1.25.1 --namespace istio-system --kube-context ${ctx} --reuse-values --set 'revisionTags={canary,prod}'`,
      ]);
      assert.match(r.err, /watch out: Between the two commands no webhook serves tag prod/);
      assert.deepEqual(await webhook(h, 'istio-revision-tag-prod'), before, 'resourceVersion and labels unchanged');
      assert.deepEqual(new Journal(journal.dir()).runs(), []);
    });

    it('-o json: the refusal names the owner and carries each command as an argument array', async () => {
      const r = await cli(h, journal.dir(), 'tag', 'remove', 'canary', '-o', 'json');
      assert.equal(r.code, 1, r.err);
      const j = JSON.parse(r.out) as { refused: boolean; owner: unknown; commands: { argv: string[] }[] };
      assert.equal(j.refused, true);
      assert.deepEqual(j.owner, { kind: 'helm', name: 'istiod-1-25-1', namespace: 'istio-system' });
      assert.deepEqual(j.commands.map((c) => c.argv), [['helm', 'upgrade', 'istiod-1-25-1', 'istio/istiod', '--version', '1.25.1', '--namespace', 'istio-system', '--kube-context', h.contextName, '--reuse-values', '--set', 'revisionTags={}']]);
    });

    it('--ignore-owner writes directly (here a server-side dry run: accepted, nothing changed); a tag no release renders is written without asking', async () => {
      const before = await webhook(h, 'istio-revision-tag-prod');
      const r = await cli(h, journal.dir(), 'tag', 'move', 'prod', '--revision', '1-25-1', '--ignore-owner', '--dry-run');
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /warning: --ignore-owner: tag prod is kept by Helm release istiod-1-24-3/);
      assert.match(r.out, /\[dry run\] Revision tag "prod" now references control plane revision "1-25-1"/);
      assert.deepEqual(await webhook(h, 'istio-revision-tag-prod'), before);
      // staging was made with istioctl tag set: Helm's annotations copied, in no release's manifest — no owner.
      const staging = await cli(h, journal.dir(), 'tag', 'move', 'staging', '--revision', '1-24-3', '--dry-run');
      assert.equal(staging.code, 0, staging.err);
      assert.doesNotMatch(staging.err, /kept by/);
    });
  });
}

function sailCases(start: StartHarness, where: string): void {
  describe('sail-revision-based: IstioRevisionTag default → Istio default', () => {
    const journal = useScenario(start, 'sail-revision-based');
    let h: Harness;
    beforeEach(() => {
      h = journal.h();
    });

    it('tag move patches IstioRevisionTag.spec.targetRef (dry run first: nothing changes), journaled; never the webhook', async () => {
      const hook = await webhook(h, 'istio-revision-tag-default');
      const dry = await cli(h, journal.dir(), 'tag', 'move', 'default', '--revision', 'default-v1-24-3', '--dry-run');
      assert.equal(dry.code, 0, dry.err);
      assert.deepEqual((await irt(h, 'default')).spec?.targetRef, { kind: 'Istio', name: 'default' });
      const r = await cli(h, journal.dir(), 'tag', 'move', 'default', '--revision', 'default-v1-24-3');
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /tag default is kept by Sail IstioRevisionTag default: writing the Sail resource instead of what Sail renders/);
      assert.equal(r.out, 'patch IstioRevisionTag default: spec.targetRef Istio/default → IstioRevision/default-v1-24-3 — patched');
      const tag = await irt(h, 'default');
      assert.deepEqual(tag.spec?.targetRef, { kind: 'IstioRevision', name: 'default-v1-24-3' });
      const [run] = new Journal(journal.dir()).runs();
      assert.deepEqual([run.command, run.status, run.target], ['sail', 'completed', 'default']);
      const [write] = new Journal(journal.dir()).writes(run.runId).filter((w) => w.phase === 'applied');
      assert.deepEqual([write.kind, write.name, write.before, write.after], ['istiorevisiontags', 'default', { 'spec.targetRef': 'Istio/default' }, { 'spec.targetRef': 'IstioRevision/default-v1-24-3' }]);
      if (h.target === 'simulator') {
        // The simulated operator re-renders the tag webhook for the new target.
        await eventually(() => webhook(h, 'istio-revision-tag-default'), (w) => w.rev === 'default-v1-24-3', 10_000);
      } else {
        // No operator on the real server: nothing but the IstioRevisionTag changed — we never wrote the webhook.
        assert.deepEqual(await webhook(h, 'istio-revision-tag-default'), hook);
        const fields = (tag.metadata.managedFields ?? []).filter((f) => f.manager === 'istio-canary-upgrades');
        assert.ok(fields.some((f) => JSON.stringify(f.fieldsV1).includes('"f:targetRef"')), `managedFields: ${JSON.stringify(tag.metadata.managedFields)}`);
      }
      assert.match(r.err, new RegExp(`undo: istio-canary rollback --run ${run.runId}`));
      const undone = await cli(h, journal.dir(), 'rollback', '--run', run.runId);
      assert.equal(undone.code, 0, undone.err);
      assert.equal(undone.out, 'restore istiorevisiontags/default spec.targetRef → Istio/default — patched');
      assert.deepEqual((await irt(h, 'default')).spec?.targetRef, { kind: 'Istio', name: 'default' });
      // Undone twice: the field is already back — nothing to restore, nothing overwritten.
      const again = await undoSailRun(h.client, new Journal(journal.dir()), run.runId);
      assert.deepEqual(again.results.map((x) => x.action), ['unchanged']);
    });

    it('a targetRef someone changed since the plan is not overwritten (409-free conflict check, nothing written)', async () => {
      await h.client.patch('istiorevisiontags', 'default', undefined, 'merge', { spec: { targetRef: { kind: 'IstioRevision', name: 'default-v1-25-1' } } });
      const out = await applySailWrites(h.client, [{
        op: 'patch', resource: 'istiorevisiontags', name: 'default', field: 'spec.targetRef', before: 'Istio/default', after: 'IstioRevision/default-v1-24-3',
        patch: { spec: { targetRef: { kind: 'IstioRevision', name: 'default-v1-24-3' } } }, summary: 'x',
      }]);
      assert.equal(out.status, 'failed');
      assert.match(out.error ?? '', /spec\.targetRef is IstioRevision\/default-v1-25-1 now, not Istio\/default as planned/);
      assert.deepEqual((await irt(h, 'default')).spec?.targetRef, { kind: 'IstioRevision', name: 'default-v1-25-1' });
      await h.client.patch('istiorevisiontags', 'default', undefined, 'merge', { spec: { targetRef: { kind: 'Istio', name: 'default' } } });
    });

    it('a revision upgrade is a change of Istio.spec.version (what Change Istio Version writes): journaled, Sail installs the new revision beside the old, undo puts the version back', async () => {
      const view = buildSnapshot(h.contextName, await readInventory(h.client, { owners: true })).owners?.sail;
      assert.ok(view, 'the Sail view is read');
      const planned = sailVersionChange(view, 'default', '1.26.0');
      assert.ok(planned.ok);
      const j = new Journal(journal.dir());
      const out = await applySailWrites(h.client, [planned.write], { journal: j, target: 'Istio default' });
      assert.equal(out.status, 'completed', out.error);
      assert.equal((await h.client.get('istios', 'default')).spec?.version, 'v1.26.0');
      if (h.target === 'simulator') {
        await eventually(() => h.client.list('istiorevisions'), (l) => l.items.some((r) => r.metadata.name === 'default-v1-26-0'), 10_000);
      }
      const undone = await undoSailRun(h.client, j, out.runId ?? '');
      assert.equal(undone.status, 'completed', undone.error);
      assert.equal((await h.client.get('istios', 'default')).spec?.version, 'v1.25.1');
    });

    if (where === 'simulator') {
      it('remove-revision of a Sail revision nothing uses exits 1 saying when Sail prunes it; nothing is deleted', async function () {
        this.timeout(120_000);
        for (const args of [['migrate', '-n', 'pinned', '--to', 'default'], ['restart', '-n', 'bookinfo,orders', '--all']]) {
          const r = await cli(h, journal.dir(), ...args);
          assert.equal(r.code, 0, r.err);
        }
        await eventually(() => h.client.get('istiorevisions', 'default-v1-24-3'), (rev) => rev.status?.conditions?.some((c) => c.type === 'InUse' && c.status === 'False') === true, 10_000);
        const r = await cli(h, journal.dir(), 'remove-revision', 'default-v1-24-3');
        assert.equal(r.code, 1, r.err);
        assert.match(r.err, /^refused: revision default-v1-24-3 is kept by Sail IstioRevision default-v1-24-3$/m);
        assert.match(r.err, /note: Sail deletes default-v1-24-3 itself: not in use since \S+, grace period 30 s — at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
        assert.ok(await h.client.get('deployments', 'istiod-default-v1-24-3', 'istio-system'), 'istiod of the revision is still there');
      });
    }
  });
}

function gitopsCases(start: StartHarness, where: string): void {
  describe('gitops: namespace payments kept by Argo CD app payments (self-heal on, istio-injection: enabled in Git)', () => {
    const journal = useScenario(start, 'gitops');
    let h: Harness;
    beforeEach(() => {
      h = journal.h();
    });

    const labels = async (): Promise<Record<string, string>> => (await h.client.get('namespaces', 'payments')).metadata.labels ?? {};

    it('migrate is refused without --ignore-owner: the owner, the reason and the manifest change to commit; the namespace is untouched', async () => {
      const before = await h.client.get('namespaces', 'payments');
      const r = await cli(h, journal.dir(), 'migrate', '-n', 'payments', '--to', 'canary');
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /^refused: namespace payments is kept by Argo CD app payments$/m);
      assert.match(r.err, /istio-injection, once back, wins over istio\.io\/rev/);
      assert.match(r.out, /^# Namespace payments as Git should hold it\n# removed: istio-injection\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    team: payments\n    istio\.io\/rev: canary$/m);
      assert.match(r.out, /- op: remove\n\s+path: \/metadata\/labels\/istio-injection/);
      assert.equal((await h.client.get('namespaces', 'payments')).metadata.resourceVersion, before.metadata.resourceVersion);
    });

    it(`--ignore-owner relabels and migrates; ${where === 'simulator' ? 'self-heal puts istio-injection back and the run reports "reverted by Argo CD app payments"' : 'no self-heal runs here: the labels stay'}`, async function () {
      this.timeout(120_000);
      const r = await cli(h, journal.dir(), 'migrate', '-n', 'payments', '--to', 'canary', '--ignore-owner', '-o', 'json');
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /warning: --ignore-owner: namespace payments is kept by Argo CD app payments; relabelling anyway/);
      const [ns] = (JSON.parse(r.out) as { namespaces: { status: string; relabel: { changed: boolean }; reverted: { by: string; labels: Record<string, string> } | null }[] }).namespaces;
      assert.equal(ns.relabel.changed, true);
      if (where === 'simulator') {
        assert.equal(ns.status, 'reverted');
        assert.equal(ns.reverted?.by, 'Argo CD app payments');
        assert.deepEqual(ns.reverted?.labels, { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' });
        assert.equal((await labels())['istio-injection'], 'enabled');
      } else {
        assert.equal(ns.status, 'done');
        assert.equal(ns.reverted, null);
        assert.deepEqual([(await labels())['istio-injection'], (await labels())['istio.io/rev']], [undefined, 'canary']);
      }
    });

    it('an unmanaged namespace migrates without asking', async () => {
      const r = await cli(h, journal.dir(), 'migrate', '-n', 'sandbox', '--to', 'canary', '--relabel-only', '--dry-run');
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.err, /kept by/);
    });
  });
}

export function defineOwnerWriteCases(start: StartHarness, where: 'simulator' | 'real'): void {
  describe(`writes done the owner's way on the ${where === 'simulator' ? 'simulator' : 'real API server'} (issue 13)`, function () {
    this.timeout(60_000);
    helmCases(start);
    sailCases(start, where);
    gitopsCases(start, where);
  });
}
