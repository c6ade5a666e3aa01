import { strict as assert } from 'node:assert';
import { planTagSet } from '../../../src/mesh/tagPlan';
import { tagSetMarkdown } from '../../../src/views/tagMarkdown';
import { ok, prodCanary } from '../mesh/tagFixtures';

describe('views/tagMarkdown', () => {
  it('shows the istioctl line and keeps <NAMESPACE> in the notes visible (escaped, not swallowed as HTML)', () => {
    const md = tagSetMarkdown('ctx', ok(planTagSet(prodCanary(), 'qa', '1-8-0')));
    assert.match(md, /^# Create tag `qa` → 1-8-0$/m);
    assert.match(md, /^istioctl tag set qa --revision 1-8-0$/m);
    assert.match(md, /^- .*kubectl label namespace \\<NAMESPACE\\> istio\\\.io\/rev=qa/m);
    assert.doesNotMatch(md, /namespace <NAMESPACE>/);
  });

  it('a hostile context name stays inside its code span', () => {
    const md = tagSetMarkdown('prod` <img src=x onerror=alert(1)> `', ok(planTagSet(prodCanary(), 'qa', '1-8-0')));
    assert.match(md, /^Cluster `` prod` <img src=x onerror=alert\(1\)> ` `` · Istio 1\.8\.0$/m);
  });
});
