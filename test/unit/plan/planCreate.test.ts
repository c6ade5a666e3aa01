import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import Ajv from 'ajv';
import { planJsonSchema } from '../../../src/plan/planJsonSchema';
import { createPlan, versionFromRevision } from '../../../src/plan/planCreate';
import { parsePlan } from '../../../src/plan/planParse';
import { planYaml, yamlScalar } from '../../../src/plan/planYaml';
import { load } from 'js-yaml';
import { PLAN_SCHEMA_FILE } from '../../../scripts/writePlanSchema';
import { scenarioModel } from './scenarioModel';

function created(scenario: string, from: string, to: string): string {
  const m = scenarioModel(scenario);
  const r = createPlan(m.snapshot, m.gateways, from, to, { soakMs: 60_000 });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return planYaml(r.plan);
}

const kinds = (text: string): string[] => (parsePlan(text).plan?.steps ?? []).map((s) => s.kind);

describe('plan files: written from the cluster', () => {
  it('tags-prod-canary 1-7-6 → 1-8-0: precheck, the prod move, b (2 proxies) then a (3), removal; no install (1-8-0 is there)', () => {
    const text = created('tags-prod-canary', '1-7-6', '1-8-0');
    const p = parsePlan(text);
    assert.deepEqual(p.problems, []);
    assert.deepEqual(kinds(text), ['precheck', 'tag', 'wave', 'wave', 'removeRevision']);
    const waves = p.plan?.steps.filter((s) => s.kind === 'wave') ?? [];
    assert.deepEqual(waves.map((w) => (w.kind === 'wave' ? `${w.namespaces?.join(',')} → ${w.to} soak ${w.soakMs}` : '')), ['b → prod soak 60000', 'a → prod soak 60000']);
    assert.match(text, /^ {4}# Canary: the smallest namespace first \(2 proxies\), then a soak\.$/m);
  });

  it('with Prometheus found every wave gets the traffic gate and the header says where; without, verify only and how to add it', () => {
    const m = scenarioModel('tags-prod-canary');
    const withProm = createPlan(m.snapshot, m.gateways, '1-7-6', '1-8-0', { soakMs: 60_000, prometheus: 'monitoring/prometheus-k8s' });
    assert.ok(withProm.ok);
    const text = planYaml(withProm.plan);
    const parsed = parsePlan(text);
    assert.deepEqual(parsed.problems, []);
    const waves = parsed.plan?.steps.filter((s) => s.kind === 'wave') ?? [];
    assert.equal(waves.length, 2);
    for (const w of waves) assert.deepEqual(w.kind === 'wave' ? w.gates : [], ['verify', 'traffic']);
    assert.match(text, /^# Prometheus at monitoring\/prometheus-k8s: each wave has the traffic gate/m);

    const without = created('tags-prod-canary', '1-7-6', '1-8-0');
    for (const w of parsePlan(without).plan?.steps.filter((s) => s.kind === 'wave') ?? []) assert.deepEqual(w.kind === 'wave' ? w.gates : [], ['verify']);
    assert.match(without, /^# No Prometheus was found, so the waves check verify only\. With Prometheus, add traffic/m);
  });

  it('a revision not installed yet gets an install step by the old revision\'s installer (istioctl here), with its version from the name', () => {
    const text = created('tags-prod-canary', '1-7-6', '1-9-2');
    assert.deepEqual(kinds(text), ['precheck', 'install', 'tag', 'wave', 'wave', 'removeRevision']);
    const install = parsePlan(text).plan?.steps[1];
    assert.ok(install?.kind === 'install');
    assert.deepEqual([install.revision, install.version, install.via], ['1-9-2', '1.9.2', 'istioctl']);
    assert.deepEqual(install.command.slice(0, 4), ['istioctl', 'install', '--set', 'revision=1-9-2']);
    assert.equal(versionFromRevision('1-25-0-beta-1'), '1.25.0-beta-1');
    assert.equal(versionFromRevision('canary'), undefined);
    assert.match(created('tags-prod-canary', '1-7-6', 'next'), /via: manual/);
  });

  it('blue/green gateways: bookinfo in a wave, the Service switched to the new gateway, then the removal', () => {
    const text = created('blue-green-gateways', '1-9-7', '1-10-4');
    assert.deepEqual(kinds(text), ['precheck', 'wave', 'gateway', 'removeRevision']);
    assert.match(text, /mode: switch\n\s+service: istio-gateways\/istio-ingressgateway\n\s+to: istio-gateways\/istio-ingressgateway-1-10-4/);
  });

  it('refuses an unknown `from`, `from` = `to`, and a tag that points at `from`', () => {
    const m = scenarioModel('tags-prod-canary');
    const no = createPlan(m.snapshot, m.gateways, '1-6-0', '1-8-0');
    assert.ok(!no.ok && /1-6-0 is not a revision/.test(no.error));
    assert.ok(!createPlan(m.snapshot, m.gateways, '1-7-6', '1-7-6').ok);
    const tag = createPlan(m.snapshot, m.gateways, '1-7-6', 'prod');
    assert.ok(!tag.ok && /tag pointing at 1-7-6/.test(tag.error));
  });

  it('cluster strings are quoted whenever YAML would read them as something else', () => {
    for (const v of ['1.8', 'true', 'null', 'a: b', '#x', 'a\nb', '', 'ctx "q"']) assert.equal(load(`v: ${yamlScalar(v)}`, {}) && (load(`v: ${yamlScalar(v)}`) as { v: unknown }).v, v, v);
    assert.equal(yamlScalar('a,b', true), '"a,b"');
    assert.equal(yamlScalar('1-8-0'), '1-8-0');
  });
});

describe('plan files: the JSON Schema for the YAML extension', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(planJsonSchema());

  it('is the file contributed in package.json (npm run schema:plan writes it)', () => {
    assert.deepEqual(JSON.parse(fs.readFileSync(PLAN_SCHEMA_FILE, 'utf8')), planJsonSchema());
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
    assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['*.istio-upgrade.yaml', '*.istio-upgrade.yml'], url: './schemas/istio-upgrade-plan.schema.json' }]);
  });

  it('accepts every plan written from the scenarios, and the shapes the parser accepts', () => {
    for (const [s, f, t] of [['tags-prod-canary', '1-7-6', '1-8-0'], ['tags-prod-canary', '1-7-6', '1-9-2'], ['blue-green-gateways', '1-9-7', '1-10-4'], ['canary-1-6-to-1-7', 'default', 'canary']]) {
      const doc = load(created(s, f, t));
      assert.ok(validate(doc), `${s}: ${JSON.stringify(validate.errors)}`);
    }
    const doc = load('apiVersion: istio-canary/v1\nkind: UpgradePlan\nspec:\n  context: c\n  from: a\n  to: b\n  steps:\n    - precheck:\n    - wave: {selector: {matchLabels: {team: x}, matchExpressions: [{key: tier, operator: In, values: [web]}]}, soak: 1h30m}\n');
    assert.ok(validate(doc), JSON.stringify(validate.errors));
  });

  it('rejects what the parser rejects: an unknown step, an unknown field, a bad duration or enum, a missing spec field', () => {
    const base = { apiVersion: 'istio-canary/v1', kind: 'UpgradePlan', spec: { context: 'c', from: 'a', to: 'b', steps: [] as unknown[] } };
    const bad = [
      { ...base, spec: { ...base.spec, steps: [{ wavee: {} }] } },
      { ...base, spec: { ...base.spec, steps: [{ wave: { namespace: ['a'] } }] } },
      { ...base, spec: { ...base.spec, steps: [{ wave: { namespaces: ['a'], soak: 'soon' } }] } },
      { ...base, spec: { ...base.spec, steps: [{ tag: { action: 'moved', tag: 'p' } }] } },
      { ...base, spec: { context: 'c', from: 'a', steps: [] } },
      { ...base, apiVersion: 'v2' },
    ];
    for (const b of bad) assert.equal(validate(b), false, JSON.stringify(b));
  });
});
