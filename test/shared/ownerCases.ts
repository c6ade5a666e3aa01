/**
 * Owners (issue 13) on the tags-prod-canary scenario, shared by the simulator and the real-server suites: a Helm
 * release Secret (base64 → base64 → gzip → JSON, as Helm writes it) and the objects it renders get Helm's marks,
 * a tag gets copied annotations only (`istioctl tag set`, istio-model.md M15), namespaces get Argo CD and Flux marks — then
 * `status -o json` and `precheck -o json` say who owns what, through the same reads the extension makes.
 */
import { strict as assert } from 'node:assert';
import { precheckCommand } from '../../src/cli/precheckCommand';
import { statusCommand } from '../../src/cli/statusCommand';
import { Fleet } from '../../src/fleet/fleet';
import type { CallLogger } from '../../src/kube/clusterClient';
import { HELM_RELEASE_SELECTOR } from '../../src/kube/ownerReads';
import type { KHelmReleaseSecret, ObjectMeta } from '../../src/mesh/kubeObjects';
import type { Finding } from '../../src/mesh/finding';
import type { StatusClusterJson } from '../../src/mesh/statusJson';
import { releaseSecret, rendered, type ReleaseSpec } from '../unit/mesh/ownerFixtures';
import type { Harness, StartHarness } from './harness';

const NS = 'istio-system';
const HELM_MARKS = (release: string) => ({
  metadata: {
    labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': release },
    annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': NS },
  },
});

async function until(ok: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function captureIo(): { out: string[]; err: string[]; io: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

async function status(h: Harness): Promise<StatusClusterJson> {
  const c = captureIo();
  const code = await statusCommand({ kubeconfig: h.kubeconfigPath, context: h.contextName, output: 'json', verbose: false }, c.io);
  assert.equal(code, 0, c.err.join('\n'));
  return (JSON.parse(c.out.join('')) as { clusters: StatusClusterJson[] }).clusters[0];
}

async function precheck(h: Harness): Promise<Finding[]> {
  const c = captureIo();
  await precheckCommand({ kubeconfig: h.kubeconfigPath, context: h.contextName, output: 'json', today: new Date('2021-01-01T00:00:00Z') }, c.io);
  return (JSON.parse(c.out.join('')) as { findings: Finding[] }).findings;
}

async function createSecret(h: Harness, spec: ReleaseSpec): Promise<string> {
  const secret = releaseSecret(spec) as unknown as KHelmReleaseSecret;
  await h.client.create('secrets', secret);
  return secret.metadata.name;
}

/** The release istiod-1-8-0: revision 1-8-0's istiod, injector and the canary tag (its revisionTags). */
async function releaseOf180(h: Harness, version: number, status: string): Promise<ReleaseSpec> {
  const [dep, injector, canary] = await Promise.all([
    h.client.get('deployments', 'istiod-1-8-0', NS),
    h.client.get('mutatingwebhookconfigurations', 'istio-sidecar-injector-1-8-0'),
    h.client.get('mutatingwebhookconfigurations', 'istio-revision-tag-canary'),
  ]);
  const meta = (o: { metadata: ObjectMeta }) => ({ metadata: { name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } });
  return {
    name: 'istiod-1-8-0', version, status, chart: 'istiod', chartVersion: '1.8.0', values: { revision: '1-8-0', revisionTags: ['canary'] },
    objects: [rendered('Deployment', meta(dep)), rendered('MutatingWebhookConfiguration', meta(injector)), rendered('MutatingWebhookConfiguration', meta(canary))],
  };
}

export function defineOwnerCases(start: StartHarness, where: string): void {
  describe(`owners ${where} (issue 13, on tags-prod-canary)`, function () {
    this.timeout(60000);
    let h: Harness;
    const secrets: string[] = [];

    before(async function () {
      this.timeout(120000);
      h = await start('tags-prod-canary');
      secrets.push(await createSecret(h, await releaseOf180(h, 1, 'deployed')));
      // Superseded history and another release's Secret outside the Istio namespace: never read.
      secrets.push(await createSecret(h, { ...(await releaseOf180(h, 1, 'deployed')), name: 'older', version: 1, status: 'superseded' }));
      await h.client.patch('deployments', 'istiod-1-8-0', NS, 'merge', HELM_MARKS('istiod-1-8-0'));
      await h.client.patch('mutatingwebhookconfigurations', 'istio-sidecar-injector-1-8-0', undefined, 'merge', HELM_MARKS('istiod-1-8-0'));
      await h.client.patch('mutatingwebhookconfigurations', 'istio-revision-tag-canary', undefined, 'merge', HELM_MARKS('istiod-1-8-0'));
      // istioctl tag set copies the revision's annotations onto a tag no release renders (istio-model.md M15).
      await h.client.patch('mutatingwebhookconfigurations', 'istio-revision-tag-prod', undefined, 'merge', HELM_MARKS('istiod-1-8-0'));
      await h.client.patch('namespaces', 'a', undefined, 'merge', { metadata: { annotations: { 'argocd.argoproj.io/tracking-id': 'team-a_payments:/Namespace:/a' } } });
      await h.client.patch('namespaces', 'b', undefined, 'merge', { metadata: { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } } });
      // Who last set c's injection label: the real server records the request's fieldManager; the simulator keeps
      // managedFields as written (it records none itself). An unchanged value would not move the field's owner.
      const relabel = { labels: { 'istio.io/rev': '1-8-0' } };
      await h.client.patch('namespaces', 'c', undefined, 'merge', h.target === 'real'
        ? { metadata: relabel }
        : { metadata: { ...relabel, managedFields: [{ manager: 'ops-relabel', operation: 'Update', apiVersion: 'v1', time: '2026-03-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:istio.io/rev': {} } } } }] } },
      { fieldManager: 'ops-relabel' });
    });
    after(async () => {
      for (const name of secrets) await h?.client.delete('secrets', name, NS).catch(() => undefined);
      await h?.stop();
    });

    it('status -o json names each owner: Helm needs the annotations AND the release\'s manifest; copied annotations are not enough', async () => {
      const c = await status(h);
      const rev = new Map(c.revisions.map((r) => [r.name, r.managedBy]));
      assert.deepEqual(rev.get('1-8-0'), { kind: 'helm', name: 'istiod-1-8-0', namespace: NS });
      // The scenario was installed with istioctl: operator.istio.io/managed=Reconcile, IstioOperator installed-state.
      assert.deepEqual(rev.get('1-7-6'), { kind: 'istioctl', name: 'installed-state' });
      const tags = new Map(c.tags.map((t) => [t.name, t.managedBy]));
      assert.deepEqual(tags.get('canary'), { kind: 'helm', name: 'istiod-1-8-0', namespace: NS });
      assert.deepEqual(tags.get('prod'), { kind: 'istioctl', name: 'installed-state' }, 'prod carries istiod-1-8-0\'s annotations but its manifest does not render it');
      const ns = new Map(c.namespaces.map((n) => [n.name, n]));
      assert.deepEqual(ns.get('a')?.managedBy, { kind: 'argocd', name: 'payments', namespace: 'team-a' });
      assert.deepEqual(ns.get('b')?.managedBy, { kind: 'flux', name: 'apps', namespace: 'flux-system' });
      assert.equal(ns.get('c')?.managedBy, null);
      assert.equal(ns.get('c')?.labelChange?.manager, 'ops-relabel');
      assert.deepEqual(ns.get('c')?.labelChange?.labels, ['istio.io/rev']);
      assert.deepEqual(c.owners?.helmReleases.map((r) => [r.name, r.version, r.status, r.chart, r.revisionTags]), [['istiod-1-8-0', 1, 'deployed', 'istiod', ['canary']]]);
      assert.deepEqual(c.owners?.problems, []);
      assert.equal(c.owners?.sail, null, 'no Sail API on this server: discovery says 404');
    });

    it('precheck flags the tag with copied Helm annotations; a release left pending-upgrade is surfaced', async () => {
      assert.deepEqual((await precheck(h)).filter((f) => /helm|owners|sail/.test(f.code)).map((f) => `${f.severity} ${f.id}`), ['info helm-copied:istio-revision-tag-prod']);
      secrets.push(await createSecret(h, await releaseOf180(h, 2, 'pending-upgrade')));
      const list = (await precheck(h)).filter((f) => /helm/.test(f.code)).map((f) => `${f.severity} ${f.id}`);
      assert.deepEqual(list, ['warning helm-pending:istio-system/istiod-1-8-0', 'info helm-copied:istio-revision-tag-prod']);
      const c = await status(h);
      assert.deepEqual(c.owners?.helmReleases.map((r) => [r.version, r.status]), [[2, 'pending-upgrade']]);
    });

    it('the live cache reads only the label-selected Secrets of the Istio namespaces, and follows them by watch', async () => {
      const calls: string[] = [];
      const logger: CallLogger = { call: (_c, method, p) => calls.push(`${method} ${p}`), warn: () => undefined };
      const fleet = new Fleet({ paths: [h.kubeconfigPath], contexts: [h.contextName], watch: true, logger, rebuildDelayMs: 10 });
      const snapshot = () => fleet.cluster(h.contextName)?.snapshot;
      try {
        await fleet.load();
        await until(() => calls.some((c) => /secrets\?.*watch=true/.test(c)), 'the Secrets watch');
        const secretCalls = calls.filter((c) => /secrets/.test(c));
        assert.ok(secretCalls.every((c) => c.startsWith(`GET /api/v1/namespaces/${NS}/secrets?`)
          && new URLSearchParams(c.slice(c.indexOf('?') + 1)).get('labelSelector') === HELM_RELEASE_SELECTOR), secretCalls.join('\n'));
        assert.deepEqual(secretCalls.map((c) => (c.includes('watch=true') ? 'WATCH' : 'LIST')), ['LIST', 'WATCH']);
        assert.equal(calls.filter((c) => c.startsWith('GET /apis/sailoperator.io/v1')).length, 1, 'one discovery GET for Sail');
        assert.deepEqual(snapshot()?.owners?.helmReleases.map((r) => [r.version, r.status]), [[2, 'pending-upgrade']]);
        // The pending upgrade is rolled back: Helm marks v2 superseded, so it leaves the selection (a DELETED event).
        const v2 = await releaseOf180(h, 2, 'superseded');
        await h.client.patch('secrets', 'sh.helm.release.v1.istiod-1-8-0.v2', NS, 'merge', {
          metadata: { labels: { status: 'superseded' } }, data: { release: (releaseSecret(v2).data as { release: string }).release },
        });
        await until(() => snapshot()?.owners?.helmReleases[0]?.version === 1, 'v1 is the live release again');
        assert.deepEqual(snapshot()?.owners?.helmReleases.map((r) => [r.version, r.status]), [[1, 'deployed']]);
        assert.equal(snapshot()?.revisions.find((r) => r.name === '1-8-0')?.managedBy?.releaseStatus, undefined);
        assert.equal(calls.filter((c) => /secrets/.test(c) && !c.includes('watch=true')).length, 1, 'no relist: the watch carried it');
      } finally {
        fleet.dispose();
      }
    });
  });
}
