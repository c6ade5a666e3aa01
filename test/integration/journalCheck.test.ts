import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { startSimHarness, type SimHarness } from './simHarness';

describe('journal check: every object the journal wrote reads back as journaled, or says who else changed it', function () {
  this.timeout(60_000);
  let h: SimHarness;
  let dir: string;
  let lines: string[];
  const io = { out: (t: string) => { lines.push(...t.split('\n')); }, err: (t: string) => { lines.push(...t.split('\n')); } };
  const cli = async (args: string[]): Promise<number> => {
    lines = [];
    return main([...args, '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--journal', dir], io);
  };
  before(async () => {
    h = await startSimHarness('tags-prod-canary');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-check-'));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await h.stop();
  });

  it('says there is nothing to check before any run', async () => {
    assert.equal(await cli(['journal', 'check']), 0, lines.join('\n'));
    assert.match(lines.join('\n'), /the journal has no write on sim-tags-prod-canary/);
  });

  it('after a migration: the namespace and its restarted workloads are as journaled (exit 0)', async () => {
    assert.equal(await cli(['migrate', '-n', 'a', '--to', 'canary']), 0, lines.join('\n'));
    assert.equal(await cli(['journal', 'check']), 0, lines.join('\n'));
    assert.ok(lines.some((l) => /^✔ namespaces\/a: istio\.io\/rev=canary — as journaled: after run \S+ \(migrate\)$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^✔ deployments\/a\/\S+: kubectl\.kubernetes\.io\/restartedAt=/.test(l)), lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /^(\d+) of \1 as journaled$/);
  });

  it('someone else relabels the namespace: exit 3, naming what the journal expected; -o json says the same', async () => {
    await h.client.patch('namespaces', 'a', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': null, 'istio-injection': 'enabled' } } }, { fieldManager: 'kubectl-label' });
    assert.equal(await cli(['journal', 'check']), 3);
    assert.ok(lines.some((l) => /^✖ namespaces\/a: istio-injection=enabled — the journal says istio\.io\/rev=canary \(run \S+ \(migrate\)\): changed outside the journal$/.test(l)), lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /; 1 changed outside the journal$/);
    assert.equal(await cli(['journal', 'check', '-o', 'json']), 3);
    const json = JSON.parse(lines.join('\n')) as { unexplained: number; objects: { kind: string; name: string; matches: string }[] };
    assert.equal(json.unexplained, 1);
    assert.deepEqual(json.objects.filter((o) => o.matches === 'unexplained').map((o) => `${o.kind}/${o.name}`), ['namespaces/a']);
  });

  it('--run limits the check to what one run wrote; an unknown run is refused (exit 1), a malformed one too', async () => {
    assert.equal(await cli(['journal', 'check', '--run', 'nope']), 1);
    assert.match(lines.join('\n'), /no run nope on sim-tags-prod-canary/);
    assert.equal(await cli(['journal', 'check', '--run', '../x']), 1);
  });
});
