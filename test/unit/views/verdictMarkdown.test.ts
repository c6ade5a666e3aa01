import { strict as assert } from 'node:assert';
import type { NamespaceVerdict } from '../../../src/mesh/verification';
import { verdictMarkdown } from '../../../src/views/planMarkdown';

describe('views/verdictMarkdown', () => {
  it('a table per namespace, then the per-pod reasons as a list (escaped), only for workloads that have some', () => {
    const v: NamespaceVerdict = {
      namespace: 'shop', target: { revision: '1-24-2', via: 'tag', tag: 'canary' }, targetVersion: '1.24.2', verdict: 'fail',
      workloads: [
        { kind: 'Deployment', name: 'cart', namespace: 'shop', verdict: 'fail', pods: 2, onTarget: 0, reasons: ['cart-1: injected by 1-23-4', 'cart-2: <b>|x|</b>'] },
        { kind: 'StatefulSet', name: 'redis', namespace: 'shop', verdict: 'pass', pods: 1, onTarget: 1, reasons: [] },
      ],
    };
    const md = verdictMarkdown('ctx', [v]);
    assert.match(md, /^# Verify — ctx$/m);
    assert.match(md, /^## ✖ shop — fail \(target 1-24-2 1\.24\.2\)$/m);
    assert.match(md, /^\| Workload \| Verdict \| Pods on target \|$/m);
    assert.match(md, /^\| Deployment cart \| fail \| 0\/2 \|$/m);
    assert.match(md, /^\| StatefulSet redis \| pass \| 1\/1 \|$/m);
    assert.match(md, /^### Why$/m);
    assert.match(md, /^\*\*Deployment cart\*\*$/m);
    assert.match(md, /^- cart-1: injected by 1-23-4$/m);
    assert.match(md, /^- cart-2: \\<b\\>\\\|x\\\|\\<\/b\\>$/m);
    assert.doesNotMatch(md, /\*\*StatefulSet redis\*\*/);
  });
});
