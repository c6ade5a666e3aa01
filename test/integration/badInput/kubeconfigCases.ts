/** Broken kubeconfigs: each is exit 2 ("a cluster or kubeconfig could not be read") with the reason. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kubeconfigYaml, writeFile, type BadInputCase, type CaseEnv } from './badInputHarness';

const kubeconfig = (name: string, text: (env: CaseEnv) => string) => (env: CaseEnv): string => writeFile(env, name, text(env));

function statusWith(file: (env: CaseEnv) => string, extra: string[] = []): (env: CaseEnv) => string[] {
  return (env) => ['status', '--kubeconfig', file(env), ...extra];
}

function migrateWith(file: (env: CaseEnv) => string, extra: string[] = ['--context', 'c']): (env: CaseEnv) => string[] {
  return (env) => ['migrate', '--kubeconfig', file(env), ...extra, '-n', 'a', '--to', 'canary', '--journal', path.join(env.dir, 'j')];
}

const K = 'kubeconfig' as const;

export const kubeconfigCases: BadInputCase[] = [
  { category: K, name: 'missing file', argv: migrateWith((env) => path.join(env.dir, 'nope.yaml')), exit: 2, message: /cannot use the kubeconfig: kubeconfig not found: .*nope\.yaml/ },
  { category: K, name: 'missing file (status)', argv: statusWith((env) => path.join(env.dir, 'nope.yaml')), exit: 2, message: /kubeconfig not found: .*nope\.yaml/ },
  { category: K, name: 'empty file, no --context', argv: migrateWith(kubeconfig('empty.yaml', () => ''), []), exit: 2, message: /no --context given and no current-context in .*empty\.yaml/ },
  { category: K, name: 'invalid YAML', argv: migrateWith(kubeconfig('bad.yaml', () => 'clusters: [\n\t- {')), exit: 2, message: /bad\.yaml: invalid YAML at line \d/ },
  { category: K, name: 'invalid YAML (status)', argv: statusWith(kubeconfig('bad.yaml', () => 'a: b: c')), exit: 2, message: /bad\.yaml: invalid YAML/ },
  { category: K, name: 'a YAML list', argv: migrateWith(kubeconfig('list.yaml', () => '- a\n- b\n')), exit: 2, message: /list\.yaml: not a kubeconfig/ },
  { category: K, name: 'a YAML scalar', argv: statusWith(kubeconfig('scalar.yaml', () => 'hello\n')), exit: 2, message: /scalar\.yaml: not a kubeconfig/ },
  { category: K, name: 'sections of the wrong shape', argv: migrateWith(kubeconfig('shape.yaml', () => 'clusters: "x"\ncontexts: 5\nusers: [1, 2]\n')), exit: 2, message: /cannot use the kubeconfig: .*shape\.yaml: clusters: expected a list of entries, found the string "x"/ },
  { category: K, name: 'current-context names no context', argv: migrateWith(kubeconfig('ghost.yaml', (env) => kubeconfigYaml(env, { currentContext: 'ghost' })), []), exit: 2, message: /context "ghost" not found in .*ghost\.yaml — known contexts: c/ },
  { category: K, name: '--context not in the file', argv: migrateWith((env) => env.kubeconfig, ['--context', 'nope']), exit: 2, message: /context "nope" not found in .*kubeconfig — known contexts: sim-tags-prod-canary/ },
  { category: K, name: '--context not in the file (status)', argv: statusWith((env) => env.kubeconfig, ['--context', 'nope']), exit: 2, message: /context "nope" not found/ },
  { category: K, name: 'context names a missing cluster', argv: migrateWith(kubeconfig('nocluster.yaml', (env) => kubeconfigYaml(env, { contextCluster: 'gone' }))), exit: 2, message: /context "c" refers to cluster "gone", which no kubeconfig file defines/ },
  { category: K, name: 'context names a missing user', argv: migrateWith(kubeconfig('nouser.yaml', (env) => kubeconfigYaml(env, { contextUser: 'nobody' }))), exit: 2, message: /context "c" refers to user "nobody", which no kubeconfig file defines/ },
  { category: K, name: 'server URL that is not a URL', argv: migrateWith(kubeconfig('url.yaml', (env) => kubeconfigYaml(env, { server: 'not a url' }))), exit: 2, message: /context "c" uses cluster "sim": its server "not a url" is not an https:\/\/ URL/ },
  { category: K, name: 'server URL with another scheme', argv: migrateWith(kubeconfig('scheme.yaml', (env) => kubeconfigYaml(env, { server: 'ftp://127.0.0.1:1' }))), exit: 2, message: /its server "ftp:\/\/127\.0\.0\.1:1" is not an https:\/\/ URL/ },
  { category: K, name: 'CA data that is not base64 PEM', argv: migrateWith(kubeconfig('ca.yaml', (env) => kubeconfigYaml(env, { cluster: { server: env.sim.url, 'certificate-authority-data': 'bm90IGEgY2VydGlmaWNhdGU=' } }))), exit: 2, message: /certificate/i },
  { category: K, name: 'CA of another authority', argv: migrateWith(kubeconfig('otherca.yaml', (env) => kubeconfigYaml(env, { cluster: { server: env.sim.url } }))), exit: 2, message: /certificate/i },
  { category: K, name: 'token file missing', argv: migrateWith(kubeconfig('tokenfile.yaml', (env) => kubeconfigYaml(env, { user: { tokenFile: path.join(env.dir, 'no-token') } }))), exit: 2, message: /cannot read .*no-token, named in the kubeconfig \(no such file\)/ },
  { category: K, name: 'client certificate file missing', argv: migrateWith(kubeconfig('cert.yaml', (env) => kubeconfigYaml(env, { user: { 'client-certificate': path.join(env.dir, 'no.crt'), 'client-key': path.join(env.dir, 'no.key') } }))), exit: 2, message: /no\.crt|no\.key/ },
  { category: K, name: 'a directory as kubeconfig', argv: migrateWith((env) => { fs.mkdirSync(path.join(env.dir, 'kdir')); return path.join(env.dir, 'kdir'); }), exit: 2, message: /cannot read kubeconfig .*kdir: it is a directory/ },
  { category: K, name: 'wrong token (401)', argv: migrateWith(kubeconfig('token.yaml', (env) => kubeconfigYaml(env, { user: { token: 'wrong' } }))), exit: 2, message: /unauthorized/i },
  { category: K, name: 'a forbidden user (403 on reads)', argv: (env) => ['migrate', '--kubeconfig', env.kubeconfig, '--context', `${env.context}-restricted`, '-n', 'a', '--to', 'canary', '--journal', path.join(env.dir, 'j')], exit: 2, message: /forbidden/ },
  { category: K, name: 'unreachable server', argv: migrateWith(kubeconfig('dead.yaml', (env) => kubeconfigYaml(env, { server: `https://127.0.0.1:${env.closedPort}` })), ['--context', 'c', '--connect-timeout', '2']), exit: 2, message: /cannot connect to https:\/\/127\.0\.0\.1:\d+: connection refused/ },
  { category: K, name: 'server on a port fetch refuses to use', argv: migrateWith(kubeconfig('port1.yaml', (env) => kubeconfigYaml(env, { server: 'https://127.0.0.1:1' }))), exit: 2, message: /127\.0\.0\.1:1: the port is on fetch's list of blocked ports/ },
  { category: K, name: 'exec plugin that does not exist', argv: migrateWith(kubeconfig('exec.yaml', (env) => kubeconfigYaml(env, { user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: path.join(env.dir, 'no-such-plugin'), interactiveMode: 'Never' } } }))), exit: 2, message: /no-such-plugin/ },
];
