import { strict as assert } from 'node:assert';
import { planCompletions } from '../../../src/plan/planCompletion';
import { cursorContext } from '../../../src/plan/planCursor';
import { planHover } from '../../../src/plan/planHover';
import { scenarioModel } from './scenarioModel';

/** The text without the `|` marker, and the marker's offset. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

const DOC = (body: string): string => `apiVersion: istio-canary/v1\nkind: UpgradePlan\nspec:\n  context: sim-tags-prod-canary\n  from: 1-7-6\n  to: 1-8-0\n  steps:\n${body}`;

describe('plan files: where the cursor is (works on half-typed YAML)', () => {
  const cases: [string, string][] = [
    ['    - precheck: {}\n    - wave:\n        namespaces: [a, b|]\n', 'value spec.steps.-.wave namespaces b list'],
    ['    - wave:\n        to: 1|\n', 'value spec.steps.-.wave to 1'],
    ['    - wave: {to: prod, namespaces: [a, b|]}\n', 'value spec.steps.-.wave namespaces b list'],
    ['    - tag: {action: m|, tag: p}\n', 'value spec.steps.-.tag action m'],
    ['    - wave:\n        gates:\n          - ver|\n', 'value spec.steps.-.wave gates ver list'],
    ['    - wa|\n', 'key spec.steps.- wa'],
    ['    - wave:\n        namespaces: [a]\n        |\n', 'key spec.steps.-.wave '],
    ['  |\n', 'key spec '],
    ['    - tag:\n        action: move\n        ta|\n', 'key spec.steps.-.tag ta'],
    ['    - wave: {namespaces: [a]}\n    - [broken\n    - removeRevision:\n        |\n', 'key spec.steps.-.removeRevision '],
  ];
  for (const [body, want] of cases) {
    it(`${JSON.stringify(body.trim())} → ${want}`, () => {
      const c = cursorContext(...at(DOC(body)));
      const got = c.kind === 'key' ? `key ${c.path.join('.')} ${c.prefix}` : `value ${c.path.join('.')} ${c.key} ${c.prefix}${c.inList ? ' list' : ''}`;
      assert.equal(got, want);
    });
  }
});

describe('plan files: completion and hovers from the cluster', () => {
  const model = scenarioModel('tags-prod-canary');
  const complete = (body: string, extra: { inWaves?: Set<string> } = {}) => planCompletions(cursorContext(...at(DOC(body))), {
    contexts: ['sim-tags-prod-canary', 'other'], snapshot: model.snapshot, gateways: model.gateways, from: '1-7-6', ...extra,
  });
  const labels = (body: string, extra?: { inWaves?: Set<string> }): string[] => [...complete(body, extra)].sort((a, b) => a.rank - b.rank).map((e) => e.label);

  it('step kinds under steps, a step\'s fields (required first), spec fields', () => {
    assert.deepEqual(labels('    - |\n'), ['precheck', 'install', 'tag', 'wave', 'gateway', 'removeRevision']);
    assert.deepEqual(labels('    - tag:\n        |\n'), ['action', 'tag', 'title', 'revision']);
    assert.deepEqual(labels('    - precheck:\n  |\n').slice(0, 4), ['context', 'from', 'to', 'steps']);
    assert.match(complete('    - wave:\n        |\n').find((e) => e.label === 'soak')?.documentation ?? '', /^How long to wait after the wave before its gates are checked, e\.g\. 10m\. With the `traffic` gate, each namespace soaks this long after its restart .*\n\nDefault: 0s\.$/);
  });

  it('namespaces: those on `from` first, those in another wave last, the ones already listed left out; revisions and tags for `to`', () => {
    assert.deepEqual(labels('    - wave:\n        namespaces: [b, |]\n', { inWaves: new Set(['a']) }), ['c', 'default', 'istio-system', 'a']);
    assert.deepEqual(labels('    - wave:\n        namespaces: [|]\n'), ['b', 'a', 'c', 'default', 'istio-system']);
    assert.deepEqual(labels('    - wave:\n        to: |\n'), ['1-7-6', '1-8-0', 'canary', 'prod']);
    assert.deepEqual(labels('    - tag:\n        action: |\n'), ['set', 'move', 'remove']);
    assert.deepEqual(labels('    - wave:\n        gates: [|]\n'), ['verify', 'traffic']);
    const [text, offset] = at(DOC('    - precheck:\n').replace('context: sim-tags-prod-canary', 'context: |'));
    assert.deepEqual(planCompletions(cursorContext(text, offset), { contexts: ['a', 'b'] }).map((e) => e.label), ['a', 'b']);
  });

  it('hovers explain a step and a field, and what the cluster says about a namespace or a revision', () => {
    const hover = (body: string) => planHover(...at(DOC(body)), { snapshot: model.snapshot, gateways: model.gateways });
    assert.match(hover('    - wa|ve: {namespaces: [a]}\n')?.markdown ?? '', /^\*\*wave\*\* step\n\nMoves namespaces to `to`/);
    assert.match(hover('    - wave:\n        so|ak: 5m\n')?.markdown ?? '', /^\*\*soak\*\*\n\nHow long to wait/);
    assert.match(hover('    - wave: {namespaces: [|b]}\n')?.markdown ?? '', /^Namespace `b`: istio\.io\/rev=prod → tag prod → 1-7-6\n\n2 proxies · versions 1\.7\.6/);
    assert.match(hover('    - wave: {namespaces: [z|z]}\n')?.markdown ?? '', /Namespace `zz` does not exist in sim-tags-prod-canary/);
    assert.match(hover('    - wave: {to: pr|od}\n')?.markdown ?? '', /^Tag `prod` → revision `1-7-6`: Istio 1\.7\.6/);
  });
});
