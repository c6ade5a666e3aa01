import { strict as assert } from 'node:assert';
import { formatDuration, parseDuration } from '../../../src/plan/duration';
import { parsePlan } from '../../../src/plan/planParse';
import type { PlanProblem, WaveStep } from '../../../src/plan/planTypes';
import { lineColumn, parseYamlTree } from '../../../src/plan/yamlTree';

const HEAD = 'apiVersion: istio-canary/v1\nkind: UpgradePlan\nspec:\n  context: prod-eu\n  from: 1-24-3\n  to: 1-25-1\n  steps:\n';
const plan = (steps: string): string => `${HEAD}${steps}`;
const codes = (ps: PlanProblem[]): string[] => ps.map((p) => p.code);
/** The text a problem points at. */
const at = (text: string, p: PlanProblem): string => text.slice(p.span.start, p.span.end);

describe('plan files: the positioned YAML tree', () => {
  it('keeps the offsets of keys and values, quoted or plain, block or flow', () => {
    const text = 'a:\n  b: [x, "y"]\n  c: {d: e}\n';
    const t = parseYamlTree(text);
    assert.ok(t.ok && t.root?.kind === 'map');
    const a = t.root.entries[0].value;
    assert.ok(a.kind === 'map');
    const b = a.entries[0].value;
    assert.ok(b.kind === 'seq' && b.flow);
    assert.deepEqual(b.items.map((i) => text.slice(i.span.start, i.span.end)), ['x', 'y']);
    assert.equal(text.slice(b.span.start, b.span.end), '[x, "y"]');
    const c = a.entries[1].value;
    assert.equal(text.slice(c.span.start, c.span.end), '{d: e}');
  });

  it('reports a syntax error at its offset, and refuses aliases and a second document', () => {
    const bad = parseYamlTree('a: [1,\nb: c: d');
    assert.ok(!bad.ok);
    assert.match(bad.message, /^not valid YAML/);
    assert.ok(bad.offset > 0);
    const alias = parseYamlTree('a: &x 1\nb: *x\n');
    assert.ok(!alias.ok && /aliases/.test(alias.message));
    const two = parseYamlTree('a: 1\n---\nb: 2\n');
    assert.ok(!two.ok && /one YAML document/.test(two.message));
  });

  it('lineColumn counts from 0', () => {
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 1, column: 1 });
  });
});

describe('plan files: durations', () => {
  it('parses 30s, 10m, 1h30m, 500ms and refuses junk or more than a day', () => {
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('500ms'), 500);
    for (const bad of ['', '5', 'm', '5 m', '-1s', '25h', '1d']) assert.equal(parseDuration(bad), undefined, bad);
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(0), '0s');
  });
});

describe('plan files: parsing', () => {
  it('reads every step kind with its defaults from spec (to, from), spans at the step keys', () => {
    const text = plan([
      '    - precheck:',
      '    - install: {via: istioctl, version: 1.25.1, command: [istioctl, install, --set, revision=1-25-1]}',
      '    - tag: {action: move, tag: prod}',
      '    - wave:',
      '        title: canary',
      '        namespaces: [shop, "payments"]',
      '        concurrency: 2',
      '        soak: 5m',
      '    - wave: {match: "team-*", to: prod, gates: [verify]}',
      '    - gateway: {mode: switch, service: istio-ingress/gw, to: istio-ingress/gw-1-25-1}',
      '    - removeRevision: {}',
    ].join('\n'));
    const r = parsePlan(text);
    assert.deepEqual(r.problems, []);
    const p = r.plan;
    assert.ok(p);
    assert.deepEqual([p.context, p.from, p.to], ['prod-eu', '1-24-3', '1-25-1']);
    assert.deepEqual(p.steps.map((s) => `${s.index}:${s.kind}`), ['1:precheck', '2:install', '3:tag', '4:wave', '5:wave', '6:gateway', '7:removeRevision']);
    assert.deepEqual(p.steps.map((s) => at(text, { span: s.keySpan } as PlanProblem)), ['precheck', 'install', 'tag', 'wave', 'wave', 'gateway', 'removeRevision']);
    const [, install, tag, wave, glob, gw, removal] = p.steps;
    assert.ok(install.kind === 'install' && install.revision === '1-25-1' && install.via === 'istioctl' && install.timeoutMs === 600_000);
    assert.deepEqual(install.command, ['istioctl', 'install', '--set', 'revision=1-25-1']);
    assert.ok(tag.kind === 'tag' && tag.revision === '1-25-1');
    const w = wave as WaveStep;
    assert.deepEqual([w.title, w.namespaces, w.to, w.concurrency, w.soakMs, w.gates], ['canary', ['shop', 'payments'], '1-25-1', 2, 300_000, ['verify']]);
    assert.equal(at(text, { span: w.at['namespaces.1'] } as PlanProblem), 'payments');
    assert.ok(glob.kind === 'wave' && glob.match === 'team-*' && glob.to === 'prod');
    assert.ok(gw.kind === 'gateway' && gw.service?.name === 'gw' && gw.to?.name === 'gw-1-25-1');
    assert.ok(removal.kind === 'removeRevision' && removal.revision === '1-24-3');
  });

  it('puts each structural problem where it is written, with the obvious fixes', () => {
    const text = plan([
      '    - wavee: {namespaces: [a]}',
      '    - wave: {namespace: [a]}',
      '    - wave: {namespaces: [a], match: "b*"}',
      '    - wave: {namespaces: [Bad_Name], concurrency: 0, soak: soon}',
      '    - tag: {action: moved, tag: prod}',
      '    - gateway: {mode: inPlace}',
      '    - install: {via: helm}',
    ].join('\n'));
    const r = parsePlan(text);
    const by = (code: string): PlanProblem[] => r.problems.filter((p) => p.code === code);
    assert.deepEqual(by('unknown-step').map((p) => [at(text, p), p.step, p.fixes?.map((f) => f.title)]), [['wavee', 1, ['Change to wave']]]);
    assert.deepEqual(by('unknown-field').map((p) => [at(text, p), p.fixes?.map((f) => f.title)]), [['namespace', ['Rename to namespaces']]]);
    assert.ok(by('wave-choice').some((p) => p.step === 3));
    assert.ok(by('missing-field').some((p) => p.step === 2 && /needs namespaces/.test(p.message)));
    assert.ok(by('bad-name').some((p) => at(text, p) === 'Bad_Name'));
    assert.deepEqual(by('bad-value').map((p) => at(text, p)).sort(), ['0', 'moved', 'soon']);
    assert.deepEqual(by('bad-value').find((p) => at(text, p) === 'moved')?.fixes?.map((f) => f.title), ['Change to move']);
    assert.ok(by('missing-field').some((p) => p.step === 6 && /needs namespace/.test(p.message)));
    assert.ok(by('missing-field').some((p) => p.step === 7 && /needs command/.test(p.message)));
    assert.ok(r.plan, 'the readable steps still come back');
    assert.deepEqual(r.plan.steps.map((s) => s.index), [2, 3, 4, 5, 6, 7]);
  });

  it('a file without apiVersion/kind gets a fix that inserts them; a YAML error is one problem at its place; no spec, no plan', () => {
    const r = parsePlan('spec:\n  context: c\n  from: a\n  to: b\n  steps: []\n');
    assert.deepEqual(codes(r.problems).sort(), ['missing-field', 'missing-field', 'no-steps']);
    assert.equal(r.problems[0].fixes?.[0].edits[0].text, 'apiVersion: istio-canary/v1\n');
    const y = parsePlan(`${HEAD}    - wave: [a,\n`);
    assert.deepEqual(codes(y.problems), ['yaml']);
    assert.equal(y.plan, undefined);
    assert.equal(parsePlan('apiVersion: istio-canary/v1\nkind: UpgradePlan\n').plan, undefined);
    assert.equal(parsePlan('- just\n- a list\n').problems[0].code, 'bad-plan');
  });

  it('a field given twice and a step with two kinds are errors', () => {
    const r = parsePlan(plan('    - wave: {namespaces: [a], namespaces: [b]}\n    - precheck: {}\n      wave: {}\n'));
    assert.ok(r.problems.some((p) => p.code === 'duplicate-field'));
    assert.ok(r.problems.some((p) => p.code === 'bad-step' && p.step === 2));
  });
});
