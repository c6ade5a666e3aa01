import { strict as assert } from 'node:assert';
import * as l10n from '@vscode/l10n';
import { countText } from '../../../src/views/countText';

describe('l10n: countText', () => {
  const pods = (n: number): string => countText(n, (c) => l10n.t('{0} pod needs a restart', c), (c) => l10n.t('{0} pods need a restart', c));

  it('picks the singular message for exactly one and the plural one otherwise (zero included)', () => {
    assert.equal(pods(1), '1 pod needs a restart');
    assert.equal(pods(0), '0 pods need a restart');
    assert.equal(pods(2), '2 pods need a restart');
  });

  it('hands the message a grouped count, as the CLI prints it', () => {
    assert.equal(pods(13340), '13,340 pods need a restart');
  });
});
