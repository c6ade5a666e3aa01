import { strict as assert } from 'node:assert';
import { mdCode, mdCodeBlock, mdText } from '../../../src/mesh/markdownText';

describe('markdownText', () => {
  it('mdText escapes HTML, links, emphasis, code and table pipes; a line break becomes a space', () => {
    assert.equal(mdText('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert(1)\\>');
    assert.equal(mdText('[x](javascript:alert(1)) *b* _i_ `c` a|b \\'), '\\[x\\](javascript:alert(1)) \\*b\\* \\_i\\_ \\`c\\` a\\|b \\\\');
    assert.equal(mdText('a\n# heading\r\n| x |'), 'a # heading \\| x \\|');
  });

  it('mdCode holds any text in one code span', () => {
    assert.equal(mdCode('prod'), '`prod`');
    assert.equal(mdCode('a`b'), '``a`b``');
    assert.equal(mdCode('`x`'), '`` `x` ``');
    assert.equal(mdCode('a\nb'), '`a b`');
  });

  it('mdCodeBlock uses a fence that no line inside can close', () => {
    assert.deepEqual(mdCodeBlock('sh', ['kubectl get ns']), ['```sh', 'kubectl get ns', '```']);
    const block = mdCodeBlock('sh', ["kubectl --context 'x", '```', "<img src=x onerror=alert(1)>'"]);
    assert.equal(block[0], '````sh');
    assert.equal(block[block.length - 1], '````');
  });
});
