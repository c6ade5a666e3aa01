/** Precheck on the mid-upgrade scenario, and the IST0123 fix applied for real; shared by the simulator and real-server suites. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { precheckCommand } from '../../src/cli/precheckCommand';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { runPrecheck, type Finding } from '../../src/mesh/precheck';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { Journal } from '../../src/upgrade/journal';
import { removeNamespaceLabel } from '../../src/upgrade/removeNamespaceLabel';
import type { Harness, StartHarness } from './harness';

/** A day when 1.23 and 1.24 were supported and 1.17 was not. */
const TODAY = new Date('2024-12-01T00:00:00Z');

async function findings(h: Harness, today = TODAY): Promise<Finding[]> {
  const inv = await readInventory(h.client);
  return runPrecheck(inv, buildSnapshot(h.contextName, inv), { today });
}

function byId(list: Finding[], id: string): Finding {
  const f = list.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}; have ${list.map((x) => x.id).join(', ')}`);
  return f;
}

export function definePrecheckCases(start: StartHarness, where: string): void {
  describe(`precheck on the mid-upgrade scenario ${where} (over HTTPS)`, function () {
    this.timeout(60000);
    let h: Harness;
    let dir: string;
    before(async function () {
      this.timeout(120000);
      h = await start('mid-upgrade');
    });
    after(async () => {
      await h?.stop();
    });
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precheck-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds exactly the planted problems', async () => {
      const list = await findings(h);
      // The copy into the real server creates legacy's pod after its namespace was disabled: no proxy, no leftovers.
      const leftoversExpected = h.target === 'simulator';
      assert.deepEqual(list.map((f) => `${f.severity} ${f.id}`), [
        'error dangling:ns/orphaned',
        'warning canary-jump:cp-v117x.istio-system:1-24-2',
        ...(leftoversExpected ? ['warning disabled-leftovers:ns/legacy'] : []),
        'warning IST0123:ns/conflict',
        'warning support:cp-v117x.istio-system',
        'info ambient:namespaces',
        'info pinned:ns/payments:1-24-2',
        'info revision-name:cp-v117x.istio-system',
      ]);
      const conflict = byId(list, 'IST0123:ns/conflict');
      assert.deepEqual(conflict.fix?.kind === 'removeNamespaceLabel' && { ns: conflict.fix.namespace, label: conflict.fix.label }, { ns: 'conflict', label: 'istio-injection' });
      assert.match(conflict.detail, /1-23-4/);
      if (leftoversExpected) {
        const leftovers = byId(list, 'disabled-leftovers:ns/legacy');
        assert.ok(leftovers.objects.some((o) => o.kind === 'Pod' && o.name.startsWith('old-worker-')));
      } else {
        const pods = (await h.client.list('pods', { namespace: 'legacy' })).items;
        assert.ok(pods.length > 0 && pods.every((p) => !p.spec?.containers.some((c) => c.name === 'istio-proxy')), 'legacy pods have no proxy on the real server');
      }
      assert.ok(byId(list, 'pinned:ns/payments:1-24-2').objects.every((o) => o.name.startsWith('fraud-check-')));
      assert.match(byId(list, 'revision-name:cp-v117x.istio-system').detail, /fine for an existing vendor install/);
      assert.equal(list.filter((f) => f.fix).length, 1);
    });

    it('judges the support window by the given day', async () => {
      const later = await findings(h, new Date('2025-07-01T00:00:00Z'));
      const support = later.filter((f) => f.code === 'unsupported-version').map((f) => f.id).sort();
      assert.deepEqual(support, ['support:1-23-4', 'support:1-24-2', 'support:cp-v117x.istio-system']);
    });

    it('prints JSON and exits 3 from the CLI when an error finding exists', async () => {
      const out: string[] = [];
      const code = await precheckCommand({ kubeconfig: h.kubeconfigPath, context: h.contextName, output: 'json', today: TODAY }, { out: (t) => out.push(t), err: () => undefined });
      assert.equal(code, 3);
      const parsed = JSON.parse(out.join('\n')) as { context: string; findings: Finding[] };
      assert.equal(parsed.context, h.contextName);
      assert.ok(parsed.findings.some((f) => f.id === 'IST0123:ns/conflict' && f.fix?.kind === 'removeNamespaceLabel' && f.fix.label === 'istio-injection'));
    });

    it('dry run changes nothing; applying the fix removes exactly istio-injection, journaled', async () => {
      const fix = byId(await findings(h), 'IST0123:ns/conflict').fix;
      assert.ok(fix?.kind === 'removeNamespaceLabel');
      const journal = new Journal(dir);
      const before = { ...(await h.client.get('namespaces', 'conflict')).metadata.labels };
      const dry = await removeNamespaceLabel(h.client, fix, { journal, dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.deepEqual((await h.client.get('namespaces', 'conflict')).metadata.labels, before);
      assert.equal(journal.runs().length, 0);

      const result = await removeNamespaceLabel(h.client, fix, { journal, expectedBefore: { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' } });
      assert.equal(result.changed, true);
      const expected = { ...before };
      delete expected['istio-injection'];
      assert.deepEqual((await h.client.get('namespaces', 'conflict')).metadata.labels, expected);
      const writes = journal.writes(result.runId);
      assert.deepEqual(writes.map((w) => w.phase), ['intent', 'applied']);
      assert.deepEqual(writes[1].after, { 'istio-injection': null, 'istio.io/rev': 'canary' });
      assert.equal(journal.run(result.runId ?? '')?.status, 'completed');

      const list = await findings(h);
      assert.ok(!list.some((f) => f.id === 'IST0123:ns/conflict'));
      const again = await removeNamespaceLabel(h.client, fix, { journal });
      assert.equal(again.changed, false);
    });
  });
}
