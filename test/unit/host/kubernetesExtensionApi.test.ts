import { strict as assert } from 'node:assert';
import {
  asBroker, explorerTarget, isClusterExplorerApi, isConfigurationApi, obtain, type ExplorerNode,
} from '../../../src/host/kubernetesExtensionApi';

const configurationV1 = { getKubeconfigPath: () => ({ pathType: 'host', hostPath: '/k' }) };
const configurationV1_1 = { ...configurationV1, onDidChangeKubeconfigPath: () => ({ dispose() {} }), onDidChangeContext: () => ({ dispose() {} }) };

/** A broker like the extension's apibroker.ts: `{available, api}` per (component, version), else version-unknown. */
function broker(served: Record<string, unknown>) {
  return {
    get: (component: string, version: string) => {
      const api = served[`${component}/${version}`];
      return api === undefined ? { available: false, reason: 'version-unknown' } : { available: true, api };
    },
  };
}

describe('host/kubernetesExtensionApi: obtaining the API from its exports', () => {
  it('recognises the broker, not an old extension\'s exports or garbage', () => {
    assert.ok(asBroker(broker({})));
    // Before the API broker its activate() returned {apiVersion, clusterProviderRegistry}.
    assert.equal(asBroker({ apiVersion: '1.0', clusterProviderRegistry: {} }), undefined);
    for (const x of [undefined, null, 42, 'get', { get: 'not a function' }]) assert.equal(asBroker(x), undefined);
  });

  it('takes v1_1 when served, else falls back to v1, and says why', () => {
    const both = obtain(broker({ 'configuration/v1_1': configurationV1_1, 'configuration/v1': configurationV1 }), 'configuration', ['v1_1', 'v1'], isConfigurationApi);
    assert.equal(both.version, 'v1_1');
    assert.equal(both.api, configurationV1_1);
    const old = obtain(broker({ 'configuration/v1': configurationV1 }), 'configuration', ['v1_1', 'v1'], isConfigurationApi);
    assert.equal(old.version, 'v1');
    assert.equal(old.api, configurationV1);
    const none = obtain(broker({}), 'configuration', ['v1_1', 'v1'], isConfigurationApi);
    assert.equal(none.api, undefined);
    assert.equal(none.reason, 'v1_1: version-unknown, v1: version-unknown');
  });

  it('refuses an API of the wrong shape and survives a broker that throws', () => {
    const wrong = obtain(broker({ 'clusterexplorer/v1': { resolveCommandTarget: () => undefined } }), 'clusterexplorer', ['v1'], isClusterExplorerApi);
    assert.equal(wrong.api, undefined);
    assert.match(wrong.reason ?? '', /not the documented shape/);
    const throwing = obtain({ get: () => { throw new Error('boom'); } }, 'configuration', ['v1_1', 'v1'], isConfigurationApi);
    assert.equal(throwing.api, undefined);
    assert.equal(throwing.reason, 'v1_1: boom, v1: boom');
    assert.equal(isConfigurationApi({ getKubeconfigPath: () => undefined, onDidChangeContext: 'x' }), false);
  });

  it('maps its nodes to what a command needs: a context, or a namespace by its manifest kind', () => {
    const ns: ExplorerNode = { nodeType: 'resource', name: 'shop', namespace: null, resourceKind: { manifestKind: 'Namespace', abbreviation: 'namespace' } };
    const pod: ExplorerNode = { nodeType: 'resource', name: 'shop-1', namespace: 'shop', resourceKind: { manifestKind: 'Pod', abbreviation: 'pod' } };
    assert.deepEqual(explorerTarget({ nodeType: 'context', name: 'prod' }), { kind: 'context', context: 'prod' });
    assert.deepEqual(explorerTarget({ nodeType: 'context.inactive', name: 'dev' }), { kind: 'context', context: 'dev' });
    assert.deepEqual(explorerTarget(ns), { kind: 'namespace', namespace: 'shop' });
    assert.equal(explorerTarget(pod), undefined);
    assert.equal(explorerTarget({ nodeType: 'folder.resource' }), undefined);
    assert.equal(explorerTarget(undefined), undefined);
    assert.equal(explorerTarget({ nodeType: 'resource', name: 'x' } as unknown as ExplorerNode), undefined);
  });
});
