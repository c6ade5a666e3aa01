import { strict as assert } from 'node:assert';
import { compareVersions, minorDistance, minorOf, parseVersion, proxySkew, sameVersion, upgradePathAllowed } from '../../../src/mesh/versionSkew';

describe('versionSkew', () => {
  it('compares versions by semver, unknown last', () => {
    assert.ok(compareVersions('1.9.7', '1.10.4') < 0);
    assert.ok(compareVersions('1.10.4', '1.9.7') > 0);
    assert.equal(compareVersions('1.7.0', '1.7.0'), 0);
    assert.ok(compareVersions('1.25.0-beta.1', '1.25.0') < 0);
    assert.ok(compareVersions(undefined, '1.0.0') > 0);
    assert.ok(compareVersions('1.0.0', 'garbage') < 0);
    assert.equal(compareVersions(undefined, undefined), 0);
  });

  it('measures minor distance only within one major', () => {
    assert.equal(minorDistance('1.6.14', '1.7.0'), 1);
    assert.equal(minorDistance('1.15.0', '1.17.3'), 2);
    assert.equal(minorDistance('1.8.0', '1.7.6'), -1);
    assert.equal(minorDistance('1.8.0', '2.0.0'), undefined);
    assert.equal(minorDistance(undefined, '1.8.0'), undefined);
    assert.equal(minorOf('1.24.2'), '1.24');
    assert.equal(minorOf('x'), undefined);
    assert.equal(parseVersion('v1.2.3')?.version, '1.2.3');
  });

  it('sameVersion needs both to parse', () => {
    assert.equal(sameVersion('1.7.0', '1.7.0'), true);
    assert.equal(sameVersion('1.7.0', '1.7.1'), false);
    assert.equal(sameVersion(undefined, undefined), false);
  });

  it('control plane may be one minor ahead of the data plane, never behind (istio-model.md M11.1)', () => {
    assert.equal(proxySkew('1.8.0', '1.8.0'), 'supported');
    assert.equal(proxySkew('1.8.0', '1.7.6'), 'supported');
    assert.equal(proxySkew('1.9.0', '1.7.6'), 'proxy-too-old');
    assert.equal(proxySkew('1.7.6', '1.8.0'), 'proxy-ahead');
    assert.equal(proxySkew(undefined, '1.8.0'), 'unknown');
  });

  it('canary upgrades may jump two minors, in-place one (istio-model.md M11.3)', () => {
    assert.equal(upgradePathAllowed('1.15.0', '1.17.0', 'canary'), true);
    assert.equal(upgradePathAllowed('1.15.0', '1.18.0', 'canary'), false);
    assert.equal(upgradePathAllowed('1.15.0', '1.16.0', 'in-place'), true);
    assert.equal(upgradePathAllowed('1.15.0', '1.17.0', 'in-place'), false);
    assert.equal(upgradePathAllowed('1.16.0', '1.15.0', 'in-place'), true);
    assert.equal(upgradePathAllowed('1.16.0', '1.15.0', 'canary'), false);
    assert.equal(upgradePathAllowed('?', '1.15.0', 'canary'), undefined);
  });
});
