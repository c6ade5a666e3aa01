/** Credentials through the CLI and the fleet: a hung exec plugin, a password in the server URL, bounded flags. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load as loadYaml, dump as dumpYaml } from 'js-yaml';
import { main as cli } from '../../src/cli';
import { Fleet } from '../../src/fleet/fleet';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { clusterDescription, clusterTooltip } from '../../src/views/nodeText';
import { deadPort } from '../unit/kube/kubeTestUtil';

const PASSWORD = 'hunter2-in-the-url';

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; [k: string]: unknown } }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context'?: string;
}

async function run(args: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await cli(args, { out: (t) => { text += `${t}\n`; }, err: (t) => { text += `${t}\n`; } });
  return { code, text };
}

describe('credentials: exec plugin time-out, userinfo in the server URL, bounded time-out flags', function () {
  this.timeout(30000);
  let sim: RunningSimulator;
  let dir: string;
  let base: Kubeconfig;
  before(async () => {
    sim = await startSimulator({ scenario: 'tags-prod-canary', port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credentials-'));
    base = loadYaml(fs.readFileSync(sim.kubeconfigPath, 'utf8')) as Kubeconfig;
  });
  after(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, k: Kubeconfig): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, dumpYaml(k));
    return file;
  };

  it('status with a hung exec plugin blames the plugin after --exec-timeout, runs it once for its seven LISTs and returns', async () => {
    const runs = path.join(dir, 'runs');
    const k: Kubeconfig = structuredClone(base);
    k.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: '/bin/sh', args: ['-c', `echo run >> '${runs}'; exec sleep 120`] } };
    const file = write('hung.yaml', k);
    const { code, text } = await run(['status', '--kubeconfig', file, '--context', sim.contextName, '--request-timeout', '5', '--exec-timeout', '1']);
    assert.equal(code, 2);
    assert.match(text, /timeout: exec plugin `\/bin\/sh` gave no credential within 1 s and was stopped/);
    assert.doesNotMatch(text, /no answer from|cannot connect/);
    assert.equal(fs.readFileSync(runs, 'utf8').trim().split('\n').length, 1);
  });

  it('a password in the server URL appears nowhere: CLI table, JSON, verbose log, errors, the tree\'s cluster rows', async () => {
    const port = await deadPort();
    const k: Kubeconfig = structuredClone(base);
    const live = k.clusters[0].cluster;
    live.server = live.server.replace('https://', `https://admin:${PASSWORD}@`);
    k.clusters.push({ name: 'dead', cluster: { server: `https://ops:${PASSWORD}@127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } });
    k.contexts.push({ name: 'dead', context: { cluster: 'dead', user: k.users[0].name } });
    const file = write('userinfo.yaml', k);

    const outputs = await Promise.all([
      run(['status', '--kubeconfig', file]),
      run(['status', '--kubeconfig', file, '-o', 'json', '-v']),
      run(['status', '--kubeconfig', file, '--context', 'dead']),
      run(['migrate', '--kubeconfig', file, '--context', 'dead', '-n', 'a', '--to', 'canary', '--dry-run', '--journal', dir]),
      run(['precheck', '--kubeconfig', file, '--context', 'dead']),
    ]);
    assert.deepEqual(outputs.map((o) => o.code), [2, 2, 2, 2, 2]);
    assert.match(outputs[0].text, /1-8-0/, 'the live context still loads (its token wins over the URL\'s userinfo)');
    assert.match(outputs[2].text, /cannot connect to https:\/\/127\.0\.0\.1:\d+: connection refused/);

    const fleet = new Fleet({ paths: [file], watch: false });
    await fleet.load();
    const rows = fleet.clusters().flatMap((c) => [clusterDescription(c), clusterTooltip(c), JSON.stringify(c.error ?? {})]);
    assert.ok(rows.some((r) => r.includes('<redacted>@')), 'the tooltip shows the server, redacted');
    fleet.dispose();
    for (const text of [...outputs.map((o) => o.text), ...rows]) {
      assert.ok(!text.includes(PASSWORD), `password leaked in: ${text.slice(0, 500)}`);
    }
  });

  it('time-out flags have upper bounds (3000000 s overflows a timer) and refuse 0', async () => {
    for (const [flag, value] of [['--request-timeout', '3000000'], ['--connect-timeout', '0'], ['--rollout-timeout', '1e9'], ['--exec-timeout', '601']]) {
      const { code, text } = await run(['migrate', '--kubeconfig', sim.kubeconfigPath, '-n', 'a', '--to', 'canary', flag, value]);
      assert.equal(code, 1, `${flag} ${value}`);
      assert.match(text, new RegExp(`${flag} must be a number of seconds from \\d+ to \\d+`));
    }
    assert.equal((await run(['status', '--kubeconfig', sim.kubeconfigPath, '--context', sim.contextName, '--request-timeout', '300', '--exec-timeout', '0.5'])).code, 1, 'the exec time-out is at least 1 s');
    assert.equal((await run(['status', '--kubeconfig', sim.kubeconfigPath, '--context', sim.contextName, '--request-timeout', '300', '--exec-timeout', '600'])).code, 0);
  });
});
