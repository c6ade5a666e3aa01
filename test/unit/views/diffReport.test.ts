import { strict as assert } from 'node:assert';
import * as yaml from 'js-yaml';
import { diffMarkdown, diffYaml } from '../../../src/views/diffReport';
import type { ProxyDiff } from '../../../src/mesh/proxyDiff';

const HTML = '<img src=x onerror=alert(1)>';

/** A diff whose every cluster string is hostile: a pod annotation istio.io/rev=<img …>, HTML names, a pipe. */
function hostileDiff(): ProxyDiff {
  return {
    context: `ctx${HTML}`, baselineAt: '2026-01-01T00:00:00Z',
    rows: [{
      namespace: 'a|b', workload: `web${HTML}`, kind: 'Deployment', restartable: true, change: 'revision-changed',
      before: { pod: `p1${HTML}`, revision: HTML, version: '1.7.6', injected: true, stale: false },
      after: { pod: 'p2', revision: '1-8-0', version: `[x](javascript:alert(1))`, injected: true, stale: false },
    }],
    summary: {
      before: { [HTML]: 1 }, after: { '1.8.0': 1 }, stillStale: 0,
      changes: { upgraded: 0, downgraded: 0, 'revision-changed': 1, unchanged: 0, stale: 0, 'lost-sidecar': 0, 'gained-sidecar': 0, new: 0, removed: 0 },
      revisions: [{ name: HTML, version: `1.8.0${HTML}`, isDefault: true }], skew: [`skew ${HTML}`],
    },
  };
}

describe('views/diffReport', () => {
  it('the Markdown report escapes every cluster string: no HTML tag, link or extra table cell survives', () => {
    const md = diffMarkdown(hostileDiff(), `Proxy versions ${HTML}`);
    assert.doesNotMatch(md, /(?<!\\)<img/, 'no unescaped <img');
    assert.doesNotMatch(md, /(?<!\\)\[x(?<!\\)\]\(/, 'no live link');
    assert.match(md, /\\<img src=x onerror=alert\(1\)\\> · 1\.7\.6/, 'the annotation revision shows as text in the Before column');
    const row = md.split('\n').find((l) => l.startsWith('| a'));
    assert.equal(row?.split(/(?<!\\)\|/).length, 9, 'seven cells: the namespace a|b stays one cell');
  });

  it('the YAML report holds the hostile strings as plain data', () => {
    const doc = yaml.load(diffYaml(hostileDiff())) as { context: string; rows: { before: { revision: string } }[] };
    assert.equal(doc.context, `ctx${HTML}`);
    assert.equal(doc.rows[0].before.revision, HTML);
  });
});
