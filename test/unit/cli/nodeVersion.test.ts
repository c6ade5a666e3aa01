import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { MIN_NODE, nodeTooOld } from '../../../src/cli/nodeVersion';

describe('cli/nodeVersion', () => {
  it('is the engines.node minimum of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    assert.equal(pkg.engines.node, `>=${MIN_NODE}`);
  });

  it('refuses older Node.js in one line that says what is needed, accepts the rest', () => {
    for (const old of ['20.20.2', '22.18.9', '18.0.0', '22.0.0']) {
      const m = nodeTooOld(old);
      assert.match(m ?? '', new RegExp(`^istio-canary needs Node\\.js 22\\.19\\.0 or newer \\(this is Node\\.js ${old.replace(/\./g, '\\.')}\\)`), old);
      assert.doesNotMatch(m ?? '', /\n/);
    }
    for (const ok of ['22.19.0', '22.20.1', '24.21.0', '30.0.0-pre']) assert.equal(nodeTooOld(ok), undefined, ok);
  });
});
