/** The blast radius on the blast-radius scenario: every finding, read through the API (PDBs at policy/v1beta1, HPAs at autoscaling/v1). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { planMigration } from '../../src/mesh/migrationPlan';
import { readBlastInputs } from '../../src/upgrade/blastRadiusReads';
import { readScopedInventory } from '../../src/upgrade/scopedInventory';
import { startSimHarness, type SimHarness } from './simHarness';

describe('blast radius on the simulator', function () {
  this.timeout(60_000);
  let h: SimHarness;
  let dir: string;
  before(async () => {
    h = await startSimHarness('blast-radius');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-'));
  });
  after(async () => {
    await h?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the planned namespaces\' budgets, autoscalers and Jobs at the versions the cluster serves', async () => {
    const inv = await readScopedInventory(h.client, ['shop']);
    const read = await readBlastInputs(h.client, inv, ['shop']);
    assert.deepEqual(read.pdbs.map((p) => p.metadata.name).sort(), ['orders', 'payments']);
    assert.deepEqual(read.hpas.map((p) => [p.metadata.name, p.spec?.maxReplicas]), [['web', 4]]);
    assert.deepEqual(read.jobs.map((j) => [j.metadata.name, j.metadata.ownerReferences?.[0]?.kind ?? null]).sort(), [['db-migrate', null], ['nightly-report-28000000', 'CronJob']]);
    assert.deepEqual(read.problems, []);
  });

  it('migrate --dry-run shows every finding, each with what to do, in text and JSON', async () => {
    const io = { out: [] as string[], err: [] as string[] };
    const code = await main(['migrate', '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '-n', 'shop', '--to', 'canary', '--dry-run', '-o', 'json', '--journal', dir],
      { out: (t) => io.out.push(t), err: (t) => io.err.push(t) });
    assert.equal(code, 0, io.err.join('\n'));
    const radius = (JSON.parse(io.out.join('\n')) as { blastRadius: { findings: { kind: string; severity: string; objects: string[]; message: string; advice: string }[]; problems: string[] } }).blastRadius;
    assert.deepEqual(radius.findings.map((f) => `${f.severity} ${f.kind} ${f.objects.join('+')}`).sort(), [
      'info pdb-blocks-eviction Deployment/payments+PodDisruptionBudget/payments',
      'info will-not-move Job/nightly-report-28000000+CronJob/nightly-report',
      'warning hpa-at-max Deployment/web+HorizontalPodAutoscaler/web',
      'warning no-readiness-probe Deployment/legacy-api',
      'warning on-delete StatefulSet/cache',
      'warning pdb-violated Deployment/orders+PodDisruptionBudget/orders',
      'warning single-replica Deployment/admin',
      'warning single-replica StatefulSet/ledger',
      'warning will-not-move Job/db-migrate',
      'warning will-not-move Pod/debug',
    ]);
    assert.ok(radius.findings.every((f) => f.message && f.advice));
    assert.deepEqual(radius.problems, []);

    const text = { out: [] as string[], err: [] as string[] };
    assert.equal(await main(['migrate', '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '-n', 'shop', '--to', 'canary', '--dry-run', '--journal', dir],
      { out: (t) => text.out.push(t), err: (t) => text.err.push(t) }), 0);
    assert.ok(text.err.some((l) => /^blast radius warning: Deployment\/orders takes 1 pod down at a time .* What to do: Let the rollout surge instead/.test(l)), text.err.join('\n'));
  });

  it('the OnDelete StatefulSet is not restarted: the plan names it among what cannot be rolled', async () => {
    const inv = await readScopedInventory(h.client, ['shop']);
    const planned = planMigration(h.contextName, inv, ['shop'], 'canary');
    assert.ok(planned.ok);
    const shop = planned.plan.namespaces[0];
    assert.ok(!shop.restart.some((r) => r.name === 'cache'));
    assert.deepEqual(shop.blocked.map((b) => `${b.kind}/${b.name}`).sort(), ['Job/db-migrate', 'Job/nightly-report-28000000', 'Pod/debug', 'StatefulSet/cache']);
  });

  it('the simulator keeps an OnDelete StatefulSet\'s pods through a template change', async () => {
    const before = h.sim.store.list('pods', 'shop').filter((p) => p.metadata.name.startsWith('cache-')).map((p) => p.metadata.uid).sort();
    await h.client.patch('statefulsets', 'cache', 'shop', 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } });
    await new Promise((r) => setTimeout(r, 200));
    const after = h.sim.store.list('pods', 'shop').filter((p) => p.metadata.name.startsWith('cache-')).map((p) => p.metadata.uid).sort();
    assert.deepEqual(after, before);
  });
});
