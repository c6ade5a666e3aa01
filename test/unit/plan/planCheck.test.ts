import { strict as assert } from 'node:assert';
import { checkPlan } from '../../../src/plan/planCheck';
import { createPlan } from '../../../src/plan/planCreate';
import { parsePlan } from '../../../src/plan/planParse';
import type { PlanEdit, PlanProblem } from '../../../src/plan/planTypes';
import type { PlanModel } from '../../../src/plan/planWorld';
import { planYaml } from '../../../src/plan/planYaml';
import { scenarioModel } from './scenarioModel';

const CTX = 'sim-tags-prod-canary';
const HEAD = `apiVersion: istio-canary/v1\nkind: UpgradePlan\nspec:\n  context: ${CTX}\n  from: 1-7-6\n  to: 1-8-0\n  steps:\n`;

function check(text: string, model: PlanModel, extra: { done?: Set<number>; contexts?: string[] } = {}): PlanProblem[] {
  const parsed = parsePlan(text);
  assert.ok(parsed.plan, JSON.stringify(parsed.problems));
  return [...parsed.problems, ...checkPlan({ text, plan: parsed.plan, contexts: extra.contexts ?? [CTX, 'sim-other'], model, done: extra.done })];
}

function applyEdits(text: string, edits: PlanEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.text + t.slice(e.span.end), text);
}

const errors = (ps: PlanProblem[]): string[] => ps.filter((p) => p.severity === 'error').map((p) => p.code);

describe('plan files: checks against the cluster (tags-prod-canary: 1-7-6 with prod → a, b; 1-8-0 with canary → c)', () => {
  let model: PlanModel;
  before(() => {
    model = scenarioModel('tags-prod-canary', CTX);
  });

  it('the plan written from the cluster has no error', () => {
    const r = createPlan(model.snapshot, model.gateways, '1-7-6', '1-8-0', { soakMs: 0 });
    assert.ok(r.ok);
    const text = planYaml(r.plan);
    assert.deepEqual(errors(check(text, model)), []);
  });

  it('a namespace that does not exist: an error on it, fixed by its near name or by removing it — both fixes give a clean plan', () => {
    const text = `${HEAD}    - tag: {action: move, tag: prod, revision: 1-8-0}\n    - wave:\n        namespaces: [b, aa]\n        to: prod\n    - removeRevision: {}\n`;
    const ps = check(text, model);
    const bad = ps.find((p) => p.code === 'unknown-namespace');
    assert.ok(bad);
    assert.equal(text.slice(bad.span.start, bad.span.end), 'aa');
    assert.deepEqual(bad.fixes?.map((f) => f.title), ['Change to a', 'Remove aa from the wave']);
    const renamed = applyEdits(text, bad.fixes?.[0].edits ?? []);
    assert.match(renamed, /namespaces: \[b, a\]/);
    assert.deepEqual(errors(check(renamed, model)), []);
    const removed = applyEdits(text, bad.fixes?.[1].edits ?? []);
    assert.match(removed, /namespaces: \[b\]\n/);
    assert.deepEqual(errors(check(removed, model)), ['namespaces-still-bound'], 'a still injects with 1-7-6 when it is removed');
  });

  it('namespaces still on `from` before removeRevision: the fix adds a wave for them before it', () => {
    const text = `${HEAD}    - tag: {action: move, tag: prod, revision: 1-8-0}\n    - removeRevision:\n        revision: 1-7-6\n`;
    const p = check(text, model).find((x) => x.code === 'namespaces-still-bound');
    assert.ok(p);
    assert.match(p.message, /namespaces a, b still inject with 1-7-6/);
    const fixed = applyEdits(text, p.fixes?.[0].edits ?? []);
    assert.match(fixed, / {4}- wave:\n {8}namespaces: \[a, b\]\n {8}to: 1-8-0\n {4}- removeRevision:/);
    assert.deepEqual(errors(check(fixed, model)), []);
  });

  it('a tag still on the removed revision, a tag pointing at nothing, a move of a missing tag', () => {
    const text = `${HEAD}    - tag: {action: move, tag: prod, revision: 1-9-0}\n    - tag: {action: move, tag: nope, revision: 1-8-0}\n    - wave: {namespaces: [a, b], to: 1-8-0}\n    - removeRevision: {}\n`;
    const ps = check(text, model);
    const dangling = ps.find((p) => p.code === 'dangling-tag');
    assert.ok(dangling && dangling.step === 1);
    assert.deepEqual(dangling.fixes?.map((f) => f.title), ['Change to 1-8-0', 'Change to 1-7-6']);
    assert.ok(ps.some((p) => p.code === 'unknown-tag' && p.step === 2 && p.fixes?.[0].title === 'Change to set'));
    assert.ok(ps.some((p) => p.code === 'tag-still-on-revision' && p.step === 4 && /tag prod still points at 1-7-6/.test(p.message)));
  });

  it('a namespace in two waves: the later one is an error, fixed by removing it there', () => {
    const text = `${HEAD}    - wave: {namespaces: [a, b]}\n    - wave: {namespaces: [c, b]}\n`;
    const p = check(text, model).find((x) => x.code === 'namespace-twice');
    assert.ok(p && p.step === 2 && /step 1 and this one/.test(p.message));
    assert.match(applyEdits(text, p.fixes?.[0].edits ?? []), /namespaces: \[c\]\}/);
  });

  it('a jump of more than two minors is an error; an install step makes a new revision known to the later steps', () => {
    const text = `${HEAD.replace('to: 1-8-0', 'to: 1-11-0')}    - install: {via: manual, version: 1.11.0}\n    - tag: {action: move, tag: prod, revision: 1-11-0}\n`;
    const ps = check(text, model);
    assert.deepEqual(errors(ps), ['minor-jump']);
    assert.match(ps.find((p) => p.code === 'minor-jump')?.message ?? '', /jumps 4 minors/);
    assert.deepEqual(errors(check(text.replace(/1-11-0/g, '1-9-0').replace('1.11.0', '1.9.0'), model)), []);
  });

  it('an unknown context: one error with the near contexts as fixes; unknown revisions name the known ones', () => {
    const text = `${HEAD.replace(`context: ${CTX}`, 'context: sim-tags-prod-canery')}    - precheck:\n`;
    const ps = check(text, model);
    assert.deepEqual(ps.map((p) => p.code), ['unknown-context']);
    assert.deepEqual(ps[0].fixes?.map((f) => f.title), [`Change to ${CTX}`]);
    const rev = check(HEAD.replace('from: 1-7-6', 'from: 1-7-5'), model);
    assert.ok(rev.some((p) => p.code === 'unknown-revision' && /known: 1-7-6, 1-8-0/.test(p.message) && p.fixes?.[0].title === 'Change to 1-7-6'));
  });

  it('without a model the plan is not checked against the cluster, and says why', () => {
    const text = `${HEAD}    - precheck:\n`;
    const parsed = parsePlan(text);
    assert.ok(parsed.plan);
    const ps = checkPlan({ text, plan: parsed.plan, contexts: [CTX], unavailable: `${CTX} is not connected` });
    assert.deepEqual(ps.map((p) => [p.severity, p.code, p.message]), [['info', 'not-checked', `not checked against the cluster: ${CTX} is not connected`]]);
  });

  it('steps the journal shows done are not checked again (the cluster already shows what they did)', () => {
    const done = scenarioModel('tags-prod-canary', CTX, (inv) => {
      const gone = (o: { metadata: { name: string; labels?: Record<string, string> } }): boolean => /1-7-6/.test(o.metadata.name) && !o.metadata.labels?.['istio.io/tag'];
      inv.mutatingWebhooks = inv.mutatingWebhooks.filter((w) => !gone(w));
      inv.validatingWebhooks = inv.validatingWebhooks.filter((w) => !gone(w));
      inv.deployments = inv.deployments.filter((d) => !gone(d));
      inv.services = inv.services.filter((x) => !gone(x));
      inv.configMaps = inv.configMaps.filter((x) => !gone(x));
    });
    const text = `${HEAD}    - removeRevision: {}\n`;
    assert.ok(errors(check(text, done)).includes('unknown-revision'));
    assert.deepEqual(errors(check(text, done, { done: new Set([1]) })), []);
  });

  it('a namespace kept by GitOps that a wave relabels: a warning naming the owner and its way', () => {
    const gitops = scenarioModel('gitops', 'sim-gitops');
    const text = 'apiVersion: istio-canary/v1\nkind: UpgradePlan\nspec:\n  context: sim-gitops\n  from: 1-24-3\n  to: 1-25-1\n  steps:\n    - wave: {namespaces: [payments, sandbox]}\n';
    const ps = check(text, gitops, { contexts: ['sim-gitops'] }).filter((p) => p.code === 'owner-reverts');
    assert.equal(ps.length, 1);
    assert.equal(text.slice(ps[0].span.start, ps[0].span.end), 'payments');
    assert.match(ps[0].message, /^namespace payments is kept by Argo CD app payments: .*a direct relabel is reverted at its next sync.*The durable change is a commit to that Git source/);
  });
});
