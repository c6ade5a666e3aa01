// First: the integration's nodes import `vscode`.
import '../views/vscodeStub';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterState } from '../../../src/fleet/clusterState';
import { KubernetesIntegration, type KubernetesIntegrationDeps } from '../../../src/host/kubernetesIntegration';
import { Emitter, FakeKubernetesExtension, recordingLog, until } from './fakeKubernetesApi';

function kubeconfig(file: string, current: string): void {
  const ctx = (name: string) => ({ name, context: { cluster: 'c', user: 'u' } });
  fs.writeFileSync(file, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'u', user: { token: 't' } }],
    contexts: [ctx('prod'), ctx('dev')], 'current-context': current,
  }));
}

describe('host/kubernetesIntegration: its nodes resolved to our contexts, its view redrawn when ours changed', () => {
  let dir: string;
  let integration: KubernetesIntegration | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-integration-'));
  });
  afterEach(() => {
    integration?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function start(fake: FakeKubernetesExtension, states: Map<string, ClusterState>, extra: Partial<KubernetesIntegrationDeps> = {}) {
    const changed = new Emitter<string[]>();
    integration = new KubernetesIntegration({
      log: recordingLog().log,
      model: { cluster: (c) => states.get(c), ensureLoaded: async (c) => states.get(c), kubeconfigSource: () => 'KUBECONFIG' },
      onDidChangeClusters: changed.event,
      onKubeconfigPathChanged: () => undefined,
      onContextChanged: () => undefined,
      ourKubeconfigPaths: () => [],
      extensions: fake.registry,
      pollMs: 5,
      refreshDelayMs: 1,
      ...extra,
    });
    integration.start();
    return { changed, integration };
  }

  it('a namespace node belongs to the current context of its kubeconfig, read when the command runs', async () => {
    const file = path.join(dir, 'config');
    kubeconfig(file, 'prod');
    const fake = new FakeKubernetesExtension({ kubeconfigPath: { pathType: 'host', hostPath: file } });
    const { integration: i } = start(fake, new Map());
    await until(() => i.bridge.kubeconfigPath() === file, 'attached');
    const nsNode = { id: 'ns' };
    const clusterNode = { id: 'cluster' };
    fake.targets.set(nsNode, { nodeType: 'resource', name: 'shop', namespace: null, resourceKind: { manifestKind: 'Namespace', abbreviation: 'namespace' } });
    fake.targets.set(clusterNode, { nodeType: 'context.inactive', name: 'dev' });
    assert.deepEqual(i.resolve(nsNode), { context: 'prod', namespace: 'shop' });
    kubeconfig(file, 'dev'); // `kubectl config use-context dev` outside VS Code: no event, the file says so
    assert.deepEqual(i.resolve(nsNode), { context: 'dev', namespace: 'shop' });
    assert.deepEqual(i.resolve(clusterNode), { context: 'dev' });
    assert.equal(i.resolve({ id: 'pod' }), undefined);
  });

  it('without a path from it, our kubeconfig files say which context is current', async () => {
    const file = path.join(dir, 'ours');
    kubeconfig(file, 'dev');
    const fake = new FakeKubernetesExtension({ configuration: [] });
    const { integration: i } = start(fake, new Map(), { ourKubeconfigPaths: () => [file] });
    await until(() => fake.contributors.length === 1, 'attached');
    const nsNode = {};
    fake.targets.set(nsNode, { nodeType: 'resource', name: 'shop', namespace: null, resourceKind: { manifestKind: 'Namespace', abbreviation: 'namespace' } });
    assert.deepEqual(i.resolve(nsNode), { context: 'dev', namespace: 'shop' });
  });

  it('redraws its view once per burst, only when a context whose node it showed changed what the node shows', async () => {
    const fake = new FakeKubernetesExtension();
    const states = new Map<string, ClusterState>([['prod', { context: 'prod', isCurrent: true, status: 'loading' }], ['dev', { context: 'dev', isCurrent: false, status: 'idle' }]]);
    const { changed } = start(fake, states);
    await until(() => fake.contributors.length === 1, 'attached');
    const afterAttach = fake.refreshes;
    await fake.contributors[0].getChildren({ nodeType: 'context', name: 'prod' });
    states.set('dev', { context: 'dev', isCurrent: false, status: 'ready' });
    changed.fire(['dev']);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(fake.refreshes, afterAttach, 'dev was never shown there');
    states.set('prod', { context: 'prod', isCurrent: true, status: 'ready' });
    changed.fire(['prod']);
    changed.fire(['prod']);
    await until(() => fake.refreshes === afterAttach + 1, 'one redraw');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(fake.refreshes, afterAttach + 1);
  });
});
