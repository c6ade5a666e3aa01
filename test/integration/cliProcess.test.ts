/**
 * The CLI as a process, built as scripts/build.mjs builds it (dist/cli.js = the Node.js version check, loading
 * dist/cli-main.js): one line and exit 1 on a Node.js too old for it (the machine's /usr/bin/node is Node 20), and a
 * reader that goes away (`journal | head -c 10`) ends it quietly, with no EPIPE stack trace.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { nodeTooOld } from '../../src/cli/nodeVersion';

describe('the CLI process', function () {
  this.timeout(60000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-process-'));
    cli = path.join(dir, 'cli.js');
    const common = { bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' } as const;
    await esbuild.build({ ...common, target: 'node12', entryPoints: ['src/cliEntry.ts'], outfile: cli, external: ['./cli-main.js'] });
    await esbuild.build({ ...common, target: 'node22', entryPoints: ['src/cli.ts'], outfile: path.join(dir, 'cli-main.js') });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('on the system Node.js: one line saying Node.js 22.19 is needed when it is older, the CLI itself when not', () => {
    const systemNode = '/usr/bin/node';
    assert.ok(fs.existsSync(systemNode), 'this machine has /usr/bin/node (Node 20)');
    const version = execFileSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    const r = spawnSync(systemNode, [cli, 'status'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: path.join(dir, 'none') } });
    if (nodeTooOld(version)) {
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `istio-canary needs Node.js 22.19.0 or newer (this is Node.js ${version}): install a current Node.js LTS, e.g. with nvm or your package manager.\n`);
    } else {
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /kubeconfig not found/);
    }
  });

  it('on this Node.js the stub runs the CLI', () => {
    const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: istio-canary <command>/);
  });

  it('journal | head -c 10: the closed pipe ends the output quietly, exit 0, nothing on stderr', () => {
    const journal = path.join(dir, 'journal');
    fs.mkdirSync(journal);
    const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ type: 'run', run: {
      runId: `20260101T000000Z-${i.toString(16).padStart(6, '0')}`, command: 'migrate', context: 'c', target: 'canary',
      namespaces: ['a', 'b', 'c'], started: '2026-01-01T00:00:00.000Z', status: 'completed',
    } }));
    fs.writeFileSync(path.join(journal, 'journal.jsonl'), `${lines.join('\n')}\n`);
    const script = `{ "$NODE" "$CLI" journal -o json --journal "$JOURNAL" 2>"$ERR"; echo $? >"$RC"; } | head -c 10`;
    const env = { ...process.env, NODE: process.execPath, CLI: cli, JOURNAL: journal, ERR: path.join(dir, 'err'), RC: path.join(dir, 'rc') };
    const head = execFileSync('sh', ['-c', script], { encoding: 'utf8', env });
    assert.equal(head, '{\n  "dir":');
    assert.equal(fs.readFileSync(path.join(dir, 'err'), 'utf8'), '');
    assert.equal(fs.readFileSync(path.join(dir, 'rc'), 'utf8').trim(), '0');
  });
});
