import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { expandHome, resolveKubeconfigPaths } from '../../../src/kube/kubeconfigPaths';

describe('kube/kubeconfigPaths', () => {
  const home = '/home/me';

  it('prefers istioCanary.kubeconfig over vs-kubernetes.kubeconfig over KUBECONFIG', () => {
    const all = { setting: '/a', vsKubernetesSetting: '/b', kubeconfigEnv: '/c', home, delimiter: ':' };
    assert.deepEqual(resolveKubeconfigPaths(all), { paths: ['/a'], source: 'istioCanary.kubeconfig' });
    assert.deepEqual(resolveKubeconfigPaths({ ...all, setting: '' }), { paths: ['/b'], source: 'vs-kubernetes.kubeconfig' });
    assert.deepEqual(resolveKubeconfigPaths({ ...all, setting: ' ', vsKubernetesSetting: undefined }), { paths: ['/c'], source: 'KUBECONFIG' });
  });

  it("takes the Kubernetes extension's own answer after istioCanary.kubeconfig, before its raw setting", () => {
    const all = { setting: '/a', kubernetesExtension: '/k1:/k2', vsKubernetesSetting: '/b', kubeconfigEnv: '/c', home, delimiter: ':' };
    assert.deepEqual(resolveKubeconfigPaths(all), { paths: ['/a'], source: 'istioCanary.kubeconfig' });
    assert.deepEqual(resolveKubeconfigPaths({ ...all, setting: undefined }), { paths: ['/k1', '/k2'], source: 'Kubernetes extension' });
    assert.deepEqual(resolveKubeconfigPaths({ ...all, setting: undefined, kubernetesExtension: ' ' }), { paths: ['/b'], source: 'vs-kubernetes.kubeconfig' });
  });

  it('falls back to ~/.kube/config', () => {
    assert.deepEqual(resolveKubeconfigPaths({ home, kubeconfigEnv: '' }), { paths: [path.join(home, '.kube', 'config')], source: 'default' });
    assert.deepEqual(resolveKubeconfigPaths({ home, kubeconfigEnv: '::' , delimiter: ':' }).source, 'default');
  });

  it('splits lists on the delimiter, drops empties and duplicates, expands ~', () => {
    assert.deepEqual(
      resolveKubeconfigPaths({ home, kubeconfigEnv: '/x::~/.kube/y:/x:', delimiter: ':' }).paths,
      ['/x', path.join(home, '.kube/y')],
    );
    assert.deepEqual(resolveKubeconfigPaths({ home, setting: '~/a;C:\\b', delimiter: ';' }).paths, [path.join(home, 'a'), 'C:\\b']);
    assert.deepEqual(resolveKubeconfigPaths({ home, vsKubernetesSetting: ['~/one', '/two:/three'], delimiter: ':' }).paths,
      [path.join(home, 'one'), '/two', '/three']);
  });

  it('expands only ~ and ~/', () => {
    assert.equal(expandHome('~', home), home);
    assert.equal(expandHome('~other/x', home), '~other/x');
    assert.equal(expandHome('/abs/~/x', home), '/abs/~/x');
  });
});
