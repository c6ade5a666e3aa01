import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isClusterError } from '../../../src/kube/clusterError';
import { loadKubeconfigs, makeKubeConfig } from '../../../src/kube/kubeconfigLoader';

function kubeconfig(opts: { current?: string; clusters?: [string, string][]; users?: [string, Record<string, unknown>][]; contexts?: [string, string, string?, string?][] }): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': opts.current,
    clusters: (opts.clusters ?? []).map(([name, server]) => ({ name, cluster: { server } })),
    users: (opts.users ?? []).map(([name, user]) => ({ name, user })),
    contexts: (opts.contexts ?? []).map(([name, cluster, user, namespace]) => ({ name, context: { cluster, user, namespace } })),
  });
}

describe('kube/kubeconfigLoader', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };

  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-test-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('merges files kubectl-style: first definition wins, current-context from the first file that sets one', () => {
    const a = file('a', kubeconfig({
      clusters: [['c1', 'https://a.example:6443']], users: [['u1', { token: 'ta' }]], contexts: [['ctx', 'c1', 'u1', 'ns-a']],
    }));
    const b = file('b', kubeconfig({
      current: 'ctx', clusters: [['c1', 'https://b.example:6443'], ['c2', 'https://c2.example']],
      users: [['u1', { token: 'tb' }]], contexts: [['ctx', 'c2', 'u1'], ['other', 'c2', 'u1']],
    }));
    const c = file('c', kubeconfig({ current: 'other' }));
    const loaded = loadKubeconfigs([a, b, c]);
    assert.deepEqual(loaded.fileErrors, []);
    assert.equal(loaded.currentContext, 'ctx');
    assert.deepEqual(loaded.contexts.map((x) => [x.name, x.cluster, x.server, x.namespace, x.sourceFile]), [
      ['ctx', 'c1', 'https://a.example:6443', 'ns-a', a],
      ['other', 'c2', 'https://c2.example', undefined, b],
    ]);
    const kc = makeKubeConfig(loaded, 'ctx');
    assert.equal(kc.getCurrentContext(), 'ctx');
    assert.equal(kc.getCurrentCluster()?.server, 'https://a.example:6443');
    assert.equal(kc.getCurrentUser()?.token, 'ta');
    assert.equal(kc.getContexts().length, 1, 'one context per KubeConfig');
  });

  it('reports a garbage file with its path and YAML line, and still loads the others', () => {
    const good = file('good', kubeconfig({ current: 'g', clusters: [['c', 'https://c']], users: [['u', {}]], contexts: [['g', 'c', 'u']] }));
    const bad = file('bad', 'apiVersion: v1\nclusters:\n  - name: x\n   cluster: : :\n');
    const notMapping = file('list', '- a\n- b\n');
    const loaded = loadKubeconfigs([bad, good, notMapping]);
    assert.deepEqual(loaded.contexts.map((c) => c.name), ['g']);
    assert.equal(loaded.currentContext, 'g');
    assert.equal(loaded.fileErrors.length, 2);
    assert.equal(loaded.fileErrors[0].path, bad);
    assert.match(loaded.fileErrors[0].message, new RegExp(`^${bad}: invalid YAML at line 4: `));
    assert.match(loaded.fileErrors[1].message, /not a kubeconfig/);
  });

  it('skips missing files silently unless the only one is missing; empty files are empty configs', () => {
    const good = file('good', kubeconfig({ clusters: [['c', 'https://c']], contexts: [['g', 'c']] }));
    const empty = file('empty', '\n');
    assert.deepEqual(loadKubeconfigs([path.join(dir, 'nope'), good, empty]).fileErrors, []);
    const only = loadKubeconfigs([path.join(dir, 'nope')]);
    assert.deepEqual(only.contexts, []);
    assert.equal(only.fileErrors.length, 1);
    assert.match(only.fileErrors[0].message, /kubeconfig not found/);
  });

  it('keeps a context that names a missing cluster or user, with an error, and makeKubeConfig refuses it', () => {
    const f = file('cfg', kubeconfig({
      clusters: [['c', 'https://c']], users: [['u', { token: 't' }]],
      contexts: [['no-cluster', 'ghost', 'u'], ['no-user', 'c', 'ghost-user'], ['anonymous', 'c'], ['ok', 'c', 'u']],
    }));
    const loaded = loadKubeconfigs([f]);
    const byName = new Map(loaded.contexts.map((c) => [c.name, c]));
    assert.match(byName.get('no-cluster')?.error ?? '', /cluster "ghost", which no kubeconfig file defines/);
    assert.match(byName.get('no-user')?.error ?? '', /user "ghost-user"/);
    assert.equal(byName.get('anonymous')?.error, undefined);
    assert.equal(byName.get('ok')?.error, undefined);
    assert.throws(() => makeKubeConfig(loaded, 'no-cluster'), (e: unknown) => isClusterError(e) && e.kind === 'badConfig');
    assert.throws(() => makeKubeConfig(loaded, 'missing'), (e: unknown) => isClusterError(e) && /not defined/.test(e.message));
    // No user: client-node still needs a user object to apply TLS settings.
    assert.ok(makeKubeConfig(loaded, 'anonymous').getCurrentUser());
  });

  it('resolves relative certificate, key, token-file and exec paths against the defining file', () => {
    const sub = path.join(dir, 'sub');
    const f = file('sub/config', [
      'clusters:',
      '- name: c',
      '  cluster: {server: "https://c/", certificate-authority: certs/ca.crt}',
      'users:',
      '- name: u',
      '  user: {client-certificate: certs/u.crt, client-key: /abs/u.key}',
      '- name: t',
      '  user: {token-file: tokens/t}',
      '- name: e',
      '  user: {exec: {command: ./bin/auth, args: [x]}}',
      '- name: p',
      '  user: {exec: {command: aws}}',
      'contexts:',
      '- {name: x, context: {cluster: c, user: u}}',
      '- {name: t, context: {cluster: c, user: t}}',
      '- {name: e, context: {cluster: c, user: e}}',
      '- {name: p, context: {cluster: c, user: p}}',
    ].join('\n'));
    const loaded = loadKubeconfigs([f]);
    assert.deepEqual(loaded.fileErrors, []);
    const kc = makeKubeConfig(loaded, 'x');
    assert.equal(kc.getCurrentCluster()?.caFile, path.join(sub, 'certs/ca.crt'));
    assert.equal(kc.getCurrentCluster()?.server, 'https://c');
    assert.equal(kc.getCurrentUser()?.certFile, path.join(sub, 'certs/u.crt'));
    assert.equal(kc.getCurrentUser()?.keyFile, '/abs/u.key');
    assert.deepEqual(makeKubeConfig(loaded, 't').getCurrentUser()?.authProvider,
      { name: 'tokenFile', config: { tokenFile: path.join(sub, 'tokens/t') } });
    assert.equal(makeKubeConfig(loaded, 'e').getCurrentUser()?.exec.command, path.join(sub, 'bin/auth'));
    assert.equal(makeKubeConfig(loaded, 'p').getCurrentUser()?.exec.command, 'aws', 'a bare command is looked up on PATH');
  });

  it('reports invalid entries and keeps the valid ones of the same file', () => {
    const f = file('cfg', kubeconfig({ clusters: [['c', 'https://c'], ['', 'https://x']], contexts: [['g', 'c']] }));
    const loaded = loadKubeconfigs([f]);
    assert.deepEqual(loaded.contexts.map((c) => c.name), ['g']);
    assert.equal(loaded.fileErrors.length, 1);
    assert.match(loaded.fileErrors[0].message, /clusters\[1\]: name is missing/);
  });

  it('reads kubectl\'s tokenFile key as well as client-node\'s token-file', () => {
    const f = file('cfg', kubeconfig({ clusters: [['c', 'https://c']], users: [['u', { tokenFile: 'tok' }]], contexts: [['x', 'c', 'u']] }));
    assert.deepEqual(makeKubeConfig(loadKubeconfigs([f]), 'x').getCurrentUser()?.authProvider,
      { name: 'tokenFile', config: { tokenFile: path.join(dir, 'tok') } });
  });

  it('says which section has the wrong shape, and which server is not an http(s) URL', () => {
    const shape = file('shape', 'clusters: "x"\nusers: {a: 1}\ncontexts: 5\n');
    assert.deepEqual(loadKubeconfigs([shape]).fileErrors.map((e) => e.message), [
      `${shape}: clusters: expected a list of entries, found the string "x" (ignored)`,
      `${shape}: users: expected a list of entries, found a mapping (ignored)`,
      `${shape}: contexts: expected a list of entries, found the number 5 (ignored)`,
    ]);
    const f = file('servers', kubeconfig({
      clusters: [['bad', 'not a url'], ['ftp', 'ftp://h'], ['creds', 'unix://admin:s3cret@h'], ['ok', 'https://h:6443']],
      contexts: [['bad', 'bad'], ['ftp', 'ftp'], ['creds', 'creds'], ['ok', 'ok']],
    }));
    const byName = new Map(loadKubeconfigs([f]).contexts.map((c) => [c.name, c.error]));
    assert.equal(byName.get('bad'), 'context "bad" uses cluster "bad": its server "not a url" is not an https:// URL');
    assert.equal(byName.get('ftp'), 'context "ftp" uses cluster "ftp": its server "ftp://h" is not an https:// URL');
    assert.equal(byName.get('creds'), 'context "creds" uses cluster "creds": its server "unix://…@h" is not an https:// URL');
    assert.equal(byName.get('ok'), undefined);
    assert.throws(() => makeKubeConfig(loadKubeconfigs([f]), 'bad'), (e: unknown) => isClusterError(e) && e.kind === 'badConfig' && /not an https:\/\/ URL/.test(e.message));
  });
});
