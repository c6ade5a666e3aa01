/**
 * A plan's wave that names the traffic gate (`gates: [verify, traffic]`), applied from the CLI on the simulator's
 * traffic-gate scenario: a regression on a/cart fails the step at a (b not started, exit 3, the gate's figures in the
 * step's verifications); a clean mesh completes with a traffic verification per namespace; without Prometheus the
 * wave refuses before any write.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { startSimulator, type RunningSimulator, type TrafficOptions } from '../../src/sim/simulator';

interface ApplyJson {
  status: string;
  steps: { step: number; status: string; error?: string; verifications?: { namespace: string; gate: string; verdict: string; reason?: string }[] }[];
}

function planText(context: string): string {
  return [
    'apiVersion: istio-canary/v1',
    'kind: UpgradePlan',
    'metadata:',
    '  name: gated',
    'spec:',
    `  context: ${context}`,
    '  from: 1-7-6',
    '  to: canary',
    '  steps:',
    '    - wave:',
    '        namespaces: [a, b]',
    '        to: canary',
    '        soak: 1s',
    '        gates: [verify, traffic]',
    '',
  ].join('\n');
}

describe('a plan wave with the traffic gate (CLI apply, simulator)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator | undefined;
  let dir: string;
  let out: string[];
  let err: string[];

  async function apply(scenario: string, traffic?: TrafficOptions): Promise<{ code: number; json: ApplyJson }> {
    sim = await startSimulator({ scenario, port: 0, traffic });
    const file = path.join(dir, 'gated.istio-upgrade.yaml');
    fs.writeFileSync(file, planText(sim.contextName));
    out = [];
    err = [];
    const code = await main(['apply', file, '--min-requests', '5', '-o', 'json', '--kubeconfig', sim.kubeconfigPath, '--journal', path.join(dir, 'journal')],
      { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, json: JSON.parse(out.join('\n')) as ApplyJson };
  }

  const revLabel = (ns: string): string | undefined => sim?.store.get('namespaces', undefined, ns)?.metadata.labels?.['istio.io/rev'];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-gate-'));
  });
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a regression on a/cart fails the wave at a: exit 3, b untouched, the breach in the step\'s verifications', async () => {
    const { code, json } = await apply('traffic-gate');
    assert.equal(code, 3, err.join('\n'));
    const step = json.steps[0];
    assert.equal(step.status, 'failed');
    assert.match(step.error ?? '', /a: .*traffic gate breach — cart: 5xx 0\.10 % → 5\.10 %/);
    const traffic = (step.verifications ?? []).filter((v) => v.gate === 'traffic');
    assert.deepEqual(traffic.map((v) => [v.namespace, v.verdict]), [['a', 'fail']]);
    assert.match(traffic[0].reason ?? '', /breach/);
    assert.equal(revLabel('a'), 'canary');
    assert.equal(revLabel('b'), 'prod', 'the wave stopped before b');
  });

  it('a clean mesh: both namespaces pass the gate and verify', async () => {
    const { code, json } = await apply('traffic-gate', { regressions: [] });
    assert.equal(code, 0, err.join('\n'));
    const v = json.steps[0].verifications ?? [];
    assert.deepEqual(v.filter((x) => x.gate === 'traffic').map((x) => [x.namespace, x.verdict]).sort(), [['a', 'pass'], ['b', 'pass']]);
    assert.deepEqual(v.filter((x) => x.gate === 'verify').map((x) => [x.namespace, x.verdict]).sort(), [['a', 'pass'], ['b', 'pass']]);
    assert.deepEqual([revLabel('a'), revLabel('b')], ['canary', 'canary']);
  });

  it('no Prometheus: the wave refuses before any write, saying the gate cannot run', async () => {
    const { code, json } = await apply('tags-prod-canary');
    assert.equal(code, 3, err.join('\n'));
    assert.match(json.steps[0].error ?? '', /the wave names the traffic gate, but no Prometheus was found .*nothing was changed/);
    assert.deepEqual([revLabel('a'), revLabel('b')], ['prod', 'prod']);
  });

  it('plan create gives every wave the traffic gate when Prometheus is found, and not when it is not', async () => {
    const create = async (scenario: string, extra: string[] = []): Promise<{ code: number; text: string }> => {
      sim = await startSimulator({ scenario, port: 0 });
      out = [];
      err = [];
      const code = await main(['plan', 'create', '--from', '1-7-6', '--to', 'canary', '--soak', '1s', ...extra, '--kubeconfig', sim.kubeconfigPath], { out: (t) => out.push(t), err: (t) => err.push(t) });
      await sim.stop();
      sim = undefined;
      return { code, text: out.join('\n') };
    };
    const found = await create('traffic-gate');
    assert.equal(found.code, 0, err.join('\n'));
    assert.match(found.text, /^# Prometheus at istio-system\/prometheus: each wave has the traffic gate/m);
    const gates = found.text.split('\n').filter((l) => /^\s+gates:/.test(l));
    assert.ok(gates.length > 0, found.text);
    for (const g of gates) assert.match(g, /gates: \[verify, traffic\]/);

    const none = await create('tags-prod-canary');
    assert.equal(none.code, 0, err.join('\n'));
    assert.match(none.text, /^# No Prometheus was found, so the waves check verify only/m);
    for (const g of none.text.split('\n').filter((l) => /^\s+gates:/.test(l))) assert.match(g, /gates: \[verify\]$/);

    const given = await create('tags-prod-canary', ['--prometheus', 'https://reader:s3cret@prom.example:9090/']);
    assert.equal(given.code, 0, err.join('\n'));
    assert.match(given.text, /^# Prometheus at https:\/\/<redacted>@prom\.example:9090: each wave has the traffic gate/m);
    assert.ok(!given.text.includes('s3cret') && !given.text.includes('reader'), 'the plan never shows the URL\'s credentials');
  });
});
