/**
 * Webhook health on tags-prod-canary, shared by the simulator and the real kube-apiserver: a default validator on
 * 1-7-6, then 1-7-6's istiod scaled to 0 (as a removal that forgot the webhooks would leave it) — the guard says what
 * the change broke, `webhooks check` exits 3, `webhooks fix` repoints the validator at 1-8-0 (journaled, dry run
 * first), and the tag run's undo puts it back.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { KWebhookConfiguration } from '../../src/mesh/kubeObjects';
import { isBroken, type WebhookHealth } from '../../src/mesh/webhookHealth';
import { Journal } from '../../src/upgrade/journal';
import { rollbackTagRun } from '../../src/upgrade/tagOps';
import { guardWebhooks, readWebhookHealth } from '../../src/upgrade/webhookGuard';
import type { Harness, StartHarness } from './harness';

const VALIDATOR = 'istiod-default-validator';

function defaultValidator(): KWebhookConfiguration {
  return {
    metadata: { name: VALIDATOR, labels: { app: 'istiod', 'istio.io/rev': '1-7-6', istio: 'istiod' } },
    webhooks: [{
      name: 'validation.istio.io',
      clientConfig: { service: { name: 'istiod-1-7-6', namespace: 'istio-system', path: '/validate', port: 443 } },
      // Only Istio's config groups, which this cluster does not serve: nothing real is ever sent to it.
      rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['networking.istio.io', 'security.istio.io'], apiVersions: ['*'], resources: ['*'], scope: '*' }],
      failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1'],
      objectSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }] },
    }],
  };
}

function broken(list: WebhookHealth[]): string[] {
  return list.filter(isBroken).map((h) => `${h.config} ${h.state}`).sort();
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms; last ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function defineWebhookHealthCases(start: StartHarness, where: string): void {
  describe(`webhook health ${where}`, function () {
    this.timeout(120_000);
    let h: Harness;
    let dir: string;
    const io = { out: [] as string[], err: [] as string[] };
    const cli = async (...args: string[]): Promise<number> => {
      io.out = [];
      io.err = [];
      return main([...args, '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--journal', dir], { out: (t) => io.out.push(t), err: (t) => io.err.push(t) });
    };
    before(async function () {
      this.timeout(180_000);
      h = await start('tags-prod-canary');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhooks-'));
      await h.client.create('validatingwebhookconfigurations', defaultValidator());
    });
    after(async () => {
      await h?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('says what a change broke, exits 3 on check, and repoints the default validator (dry run first, journaled, undoable)', async () => {
      assert.deepEqual(broken(await readWebhookHealth(h.client)), []);
      assert.equal(await cli('webhooks'), 0, io.err.join('\n'));
      assert.match(io.out[0], /all \d+ Istio webhooks call a ready Service/);

      // The change: 1-7-6's istiod goes away while its webhooks stay.
      const { report } = await guardWebhooks(h.client, async () => {
        await h.client.patch('deployments', 'istiod-1-7-6', 'istio-system', 'merge', { spec: { replicas: 0 } });
        await until(() => readWebhookHealth(h.client), (l) => l.some((x) => x.config === VALIDATOR && isBroken(x)), 'the validator broken');
      });
      const validators = ['istio-validator-1-7-6-istio-system no-ready-pods', `${VALIDATOR} no-ready-pods`];
      // On the real server the injectors call the test injector by URL: not judged. On the simulator they call istiod-1-7-6.
      const injectors = h.target === 'simulator' ? ['istio-revision-tag-prod no-ready-pods', 'istio-sidecar-injector-1-7-6 no-ready-pods'] : [];
      assert.equal(report.problem, undefined);
      assert.deepEqual(report.brokenByChange.map((x) => `${x.config} ${x.state}`).sort(), [...injectors, ...validators].sort());
      assert.deepEqual(report.brokenBefore, []);
      assert.deepEqual(report.fix && { revision: report.fix.revision, service: report.fix.service }, { revision: '1-8-0', service: { namespace: 'istio-system', name: 'istiod-1-8-0' } });

      assert.equal(await cli('webhooks', '-o', 'json'), 3);
      const checked = JSON.parse(io.out.join('\n')) as { webhooks: WebhookHealth[]; fix: { revision: string } | null };
      assert.deepEqual(broken(checked.webhooks), [...injectors, ...validators].sort());
      assert.equal(checked.fix?.revision, '1-8-0');

      const before = await h.client.get('validatingwebhookconfigurations', VALIDATOR);
      assert.equal(await cli('webhooks', 'fix', '--dry-run'), 0, io.err.join('\n'));
      assert.equal((await h.client.get('validatingwebhookconfigurations', VALIDATOR)).metadata.resourceVersion, before.metadata.resourceVersion, 'a dry run changes nothing');

      assert.equal(await cli('webhooks', 'fix'), 0, io.err.join('\n'));
      const runId = /\(run (\S+)\)/.exec(io.out.join('\n'))?.[1];
      assert.ok(runId, io.out.join('\n'));
      const fixed = await h.client.get('validatingwebhookconfigurations', VALIDATOR);
      assert.equal(fixed.metadata.labels?.['istio.io/rev'], '1-8-0');
      assert.deepEqual(fixed.webhooks?.map((w) => [w.clientConfig.service?.name, w.failurePolicy, w.rules]), [['istiod-1-8-0', 'Fail', defaultValidator().webhooks?.[0].rules]]);
      assert.deepEqual(broken(await readWebhookHealth(h.client)), [...injectors, 'istio-validator-1-7-6-istio-system no-ready-pods'].sort());

      const journal = new Journal(dir);
      assert.deepEqual([journal.run(runId)?.command, journal.run(runId)?.target, journal.run(runId)?.status], ['tag', VALIDATOR, 'completed']);
      const undone = await rollbackTagRun(h.client, journal, runId);
      assert.equal(undone.status, 'completed', undone.error);
      assert.equal((await h.client.get('validatingwebhookconfigurations', VALIDATOR)).metadata.labels?.['istio.io/rev'], '1-7-6');
    });
  });
}
