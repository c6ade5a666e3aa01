import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeApiServer } from './fakeApiServer';
import { clientFor, rejection, waitFor } from './kubeTestUtil';

const CREDENTIAL = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 'exec-token-789' } });

/** Running (a zombie waiting for its reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return true;
  }
}

describe('kube/execPlugin (exec credential plugins with a time-out)', () => {
  let fake: FakeApiServer;
  let dir: string;
  /** A line per plugin start. */
  let runs: string;

  const kubeconfig = (script: string): string => fake.kubeconfigYaml().replace(/ {4}token: .*/,
    `    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /bin/sh, args: ["-c", ${JSON.stringify(`echo run >> '${runs}'; ${script}`)}]}`);
  const started = (): number => (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').trim().split('\n').length : 0);

  beforeEach(async () => {
    fake = await FakeApiServer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-plugin-'));
    runs = path.join(dir, 'runs');
  });
  afterEach(async () => {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops a hung plugin after the exec time-out, blames the plugin, runs it once for parallel requests and not again', async () => {
    const pidFile = path.join(dir, 'pid');
    // The shell starts a child that holds the pipes: the whole process group must go.
    const client = clientFor(fake, { execTimeoutMs: 400, requestTimeoutMs: 100 }, kubeconfig(`sleep 60 & echo $! > '${pidFile}'; wait`));
    const failures = await Promise.all(['namespaces', 'pods', 'deployments', 'services'].map((k) => rejection(client.list(k as 'pods'))));
    for (const e of failures) {
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, 'timeout: exec plugin `/bin/sh` gave no credential within 0.4 s and was stopped');
      assert.match(e.remedy ?? '', /run `\/bin\/sh` in a terminal/);
      assert.doesNotMatch(e.message, /no answer from|server/);
    }
    assert.equal(started(), 1, 'one run shared by the parallel requests');
    assert.equal(fake.requests.length, 0);
    const child = Number(fs.readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(child), 3000, 'the plugin\'s child to be killed');

    const again = await rejection(client.list('pods'));
    assert.equal(again.message, failures[0].message);
    assert.match(again.remedy ?? '', /not run again for 60 s — Retry or Refresh runs it at once/);
    assert.equal(started(), 1, 'a failed plugin is not re-spawned');
    client.close();

    const retried = clientFor(fake, { execTimeoutMs: 400 }, kubeconfig(`sleep 60 & echo $! > '${pidFile}'; wait`));
    await rejection(retried.list('pods'));
    assert.equal(started(), 2, 'a new client (Retry / Refresh) runs it again');
    retried.close();
  });

  it('the request time-out starts once credentials are there: a slow plugin within its own time-out is fine', async () => {
    const client = clientFor(fake, { execTimeoutMs: 5000, requestTimeoutMs: 200 }, kubeconfig(`sleep 0.5; printf '%s' '${CREDENTIAL}'`));
    await client.list('pods');
    await client.list('namespaces');
    assert.equal(started(), 1, 'cached: the credential has no expirationTimestamp');
    assert.ok(fake.requests.every((r) => r.headers.authorization === 'Bearer exec-token-789'));
    client.close();
  });

  it('passes KUBERNETES_EXEC_INFO (non-interactive), the kubeconfig env and no stdin', async () => {
    const info = path.join(dir, 'info');
    const text = fake.kubeconfigYaml().replace(/ {4}token: .*/, [
      '    exec:', '      apiVersion: client.authentication.k8s.io/v1', '      command: /bin/sh',
      `      args: ["-c", ${JSON.stringify(`printf '%s|%s|' "$KUBERNETES_EXEC_INFO" "$EXTRA" > '${info}'; cat >> '${info}'; printf '%s' '${CREDENTIAL}'`)}]`,
      '      env: [{name: EXTRA, value: from-kubeconfig}]',
    ].join('\n'));
    const client = clientFor(fake, {}, text);
    await client.list('pods');
    const [execInfo, extra, stdin] = fs.readFileSync(info, 'utf8').split('|');
    assert.deepEqual(JSON.parse(execInfo), { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
    assert.equal(extra, 'from-kubeconfig');
    assert.equal(stdin, '');
    client.close();
  });

  it('runs an expired credential again, and close() kills a running plugin', async () => {
    const expired = JSON.stringify({ kind: 'ExecCredential', status: { token: 'old', expirationTimestamp: '2000-01-01T00:00:00Z' } });
    const client = clientFor(fake, {}, kubeconfig(`printf '%s' '${expired}'`));
    await client.list('pods');
    await client.list('pods');
    assert.equal(started(), 2);
    client.close();

    const pidFile = path.join(dir, 'pid');
    const hung = clientFor(fake, { execTimeoutMs: 60_000 }, kubeconfig(`echo $$ > '${pidFile}'; exec sleep 60`));
    const pending = rejection(hung.list('pods'));
    await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', 3000, 'the plugin to start');
    hung.close();
    const plugin = Number(fs.readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(plugin), 3000, 'the plugin to be killed');
    assert.equal((await pending).kind, 'cancelled');
  });

  it('a plugin that exits non-zero or prints garbage fails with its own message', async () => {
    const failing = clientFor(fake, {}, kubeconfig('echo "error: SSO session expired" >&2; exit 3'));
    assert.equal((await rejection(failing.list('pods'))).message, 'exec plugin `/bin/sh` failed: error: SSO session expired');
    failing.close();
    const garbage = clientFor(fake, {}, kubeconfig('echo not json'));
    assert.equal((await rejection(garbage.list('pods'))).message, 'exec plugin `/bin/sh` did not print a valid ExecCredential');
    garbage.close();
  });
});
