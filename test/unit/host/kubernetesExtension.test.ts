import { strict as assert } from 'node:assert';
import { KubernetesExtensionBridge, type KubernetesExtensionOptions } from '../../../src/host/kubernetesExtension';
import type { NodeContributor } from '../../../src/host/kubernetesExtensionApi';
import { FakeKubernetesExtension, recordingLog, until, type FakeOptions } from './fakeKubernetesApi';

const contributor: NodeContributor = { contributesChildren: () => false, getChildren: async () => [] };

interface Harness {
  fake: FakeKubernetesExtension;
  bridge: KubernetesExtensionBridge;
  pathChanges: number;
  contexts: string[];
  logs: ReturnType<typeof recordingLog>;
}

function harness(o: FakeOptions = {}, extra: Partial<KubernetesExtensionOptions> = {}): Harness {
  const fake = new FakeKubernetesExtension(o);
  const logs = recordingLog();
  const h: Harness = { fake, logs, pathChanges: 0, contexts: [], bridge: undefined as unknown as KubernetesExtensionBridge };
  h.bridge = new KubernetesExtensionBridge({
    extensions: fake.registry, log: logs.log, contributor, pollMs: 5,
    onKubeconfigPathChanged: () => h.pathChanges++,
    onContextChanged: (c) => h.contexts.push(c),
    ...extra,
  });
  return h;
}

describe('host/kubernetesExtension: following the optional Kubernetes extension', () => {
  const bridges: KubernetesExtensionBridge[] = [];
  const start = (h: Harness): Harness => {
    bridges.push(h.bridge);
    h.bridge.start();
    return h;
  };
  afterEach(() => bridges.splice(0).forEach((b) => b.dispose()));

  it('without the extension: nothing happens, nothing is logged, and it attaches once it is installed', async () => {
    const h = harness();
    h.fake.installed = false;
    start(h);
    assert.equal(h.bridge.status(), 'absent');
    assert.equal(h.bridge.kubeconfigPath(), undefined);
    assert.equal(h.bridge.resolveTarget({}), undefined);
    h.bridge.refreshExplorer();
    assert.deepEqual([h.logs.info, h.logs.warn], [[], []]);
    h.fake.installed = true;
    h.fake.extensionsChanged.fire();
    await until(() => h.pathChanges === 1, 'the path of a newly installed extension');
    assert.equal(h.bridge.status(), 'attached');
  });

  it('never activates it: waits until it is active, then reads its path and registers the node', async () => {
    const h = harness({ kubeconfigPath: { pathType: 'host', hostPath: '/a:/b' } });
    h.fake.isActive = false;
    start(h);
    assert.equal(h.bridge.status(), 'waiting');
    assert.equal(h.fake.contributors.length, 0);
    h.fake.isActive = true;
    await until(() => h.pathChanges === 1, 'attach after activation');
    assert.equal(h.bridge.kubeconfigPath(), '/a:/b');
    assert.deepEqual(h.fake.contributors, [contributor]);
    assert.equal(h.fake.refreshes, 1, 'it redraws once so contexts drawn before show our node');
    assert.match(h.logs.info.join('\n'), /configuration API v1_1, cluster explorer API v1_1/);
  });

  it('follows v1_1 events: a new kubeconfig path, a context switch; the same path or a null context do nothing', async () => {
    const h = start(harness());
    await until(() => h.pathChanges === 1, 'attached');
    h.fake.pathChanged.fire({ pathType: 'host', hostPath: '/home/me/.kube/config' });
    assert.equal(h.pathChanges, 1);
    h.fake.pathChanged.fire({ pathType: 'host', hostPath: '/other' });
    assert.equal(h.pathChanges, 2);
    assert.equal(h.bridge.kubeconfigPath(), '/other');
    h.fake.contextChanged.fire('prod');
    h.fake.contextChanged.fire(null);
    assert.deepEqual(h.contexts, ['prod']);
    assert.equal(h.bridge.lastSwitchedContext(), 'prod');
    h.bridge.dispose();
    assert.equal(h.fake.pathChanged.listeners.size + h.fake.contextChanged.listeners.size, 0, 'dispose unsubscribes');
  });

  it('with an old extension (v1 only) reads the path once and subscribes to nothing', async () => {
    const h = start(harness({ configuration: ['v1'], explorer: ['v1'] }));
    await until(() => h.pathChanges === 1, 'attached');
    assert.equal(h.bridge.kubeconfigPath(), '/home/me/.kube/config');
    assert.equal(h.fake.pathChanged.listeners.size, 0);
    assert.equal(h.fake.contributors.length, 1, 'cluster explorer v1 still takes the node');
    assert.match(h.logs.info.join('\n'), /configuration API v1, cluster explorer API v1/);
  });

  it('with exports from before the API broker: unusable, one warning, no crash', async () => {
    const h = start(harness({ exports: { apiVersion: '1.0', clusterProviderRegistry: {} } }));
    await until(() => h.bridge.status() === 'unusable', 'unusable');
    assert.equal(h.logs.warn.length, 1);
    assert.match(h.logs.warn[0], /no API broker/);
    assert.equal(h.pathChanges, 0);
  });

  it('with neither component served: unusable, and says which versions were refused', async () => {
    const h = start(harness({ configuration: [], explorer: [] }));
    await until(() => h.bridge.status() === 'unusable', 'unusable');
    assert.match(h.logs.info.join('\n'), /configuration API unavailable \(v1_1: version-unknown, v1: version-unknown\)/);
  });

  it('API errors are logged and survived: getKubeconfigPath, registerNodeContributor, resolveCommandTarget, refresh', async () => {
    const h = start(harness({ kubeconfigPath: () => { throw new Error('wsl.exe not found'); }, throwOnRegister: true, throwOnResolve: true, throwOnRefresh: true }));
    await until(() => h.logs.warn.length >= 2, 'warnings');
    assert.equal(h.bridge.kubeconfigPath(), undefined);
    assert.equal(h.pathChanges, 0, 'no path, no reload');
    assert.equal(h.bridge.resolveTarget({}), undefined);
    h.bridge.refreshExplorer();
    const warnings = h.logs.warn.join('\n');
    for (const w of [/getKubeconfigPath failed: wsl.exe not found/, /cannot add the Istio revisions node: register broke/, /resolveCommandTarget failed: resolve broke/, /refresh failed: refresh broke/]) {
      assert.match(warnings, w);
    }
  });

  it('a WSL kubeconfig is not followed (this extension cannot read inside WSL); a promise from getKubeconfigPath is awaited', async () => {
    const wsl = start(harness({ kubeconfigPath: { pathType: 'wsl', wslPath: '/home/u/.kube/config' } }));
    await until(() => wsl.logs.warn.some((w) => /inside WSL/.test(w)), 'WSL warning');
    assert.equal(wsl.bridge.kubeconfigPath(), undefined);
    const later = start(harness({ kubeconfigPath: async () => ({ pathType: 'host', hostPath: '/async' }) }));
    await until(() => later.pathChanges === 1, 'async path');
    assert.equal(later.bridge.kubeconfigPath(), '/async');
  });

  it('refreshKubeconfigPath asks again and says whether the path changed', async () => {
    let path = '/one';
    const h = start(harness({ kubeconfigPath: () => ({ pathType: 'host', hostPath: path }) }));
    await until(() => h.pathChanges === 1, 'attached');
    assert.equal(await h.bridge.refreshKubeconfigPath(), false);
    path = '/two';
    assert.equal(await h.bridge.refreshKubeconfigPath(), true);
    assert.equal(h.bridge.kubeconfigPath(), '/two');
  });

  it('resolves its nodes through its resolveCommandTarget', async () => {
    const h = start(harness());
    await until(() => h.bridge.status() === 'attached' && h.pathChanges === 1, 'attached');
    const element = { opaque: true };
    h.fake.targets.set(element, { nodeType: 'resource', name: 'shop', namespace: null, resourceKind: { manifestKind: 'Namespace', abbreviation: 'namespace' } });
    assert.deepEqual(h.bridge.resolveTarget(element), { kind: 'namespace', namespace: 'shop' });
    assert.equal(h.bridge.resolveTarget({ somethingElse: 1 }), undefined);
  });

  it('a command from its menu before the poll saw it activate still resolves its node', async () => {
    const h = harness({}, { pollMs: 60_000 });
    h.fake.isActive = false;
    start(h);
    const element = {};
    h.fake.targets.set(element, { nodeType: 'context', name: 'prod' });
    h.fake.isActive = true;
    assert.deepEqual(h.bridge.resolveTarget(element), { kind: 'context', context: 'prod' });
    assert.equal(h.bridge.status(), 'attached');
  });

  it('a handler of ours that throws on its event is contained (its emitter is not broken)', async () => {
    const h = start(harness({}, { onContextChanged: () => { throw new Error('ours broke'); } }));
    await until(() => h.pathChanges === 1, 'attached');
    assert.doesNotThrow(() => h.fake.contextChanged.fire('prod'));
    assert.match(h.logs.warn.join('\n'), /handling a context change failed: ours broke/);
  });
});
