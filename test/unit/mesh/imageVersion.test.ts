import { strict as assert } from 'node:assert';
import { imageVersion, parseImageRef, parseIstioVersion } from '../../../src/mesh/imageVersion';

describe('imageVersion', () => {
  it('reads the tag of a plain Docker Hub image', () => {
    assert.equal(imageVersion('docker.io/istio/proxyv2:1.7.0'), '1.7.0');
    assert.equal(imageVersion('istio/proxyv2:1.6.14'), '1.6.14');
  });

  it('strips the -distroless and -debug variants (istio-model.md M2 `<hub>/pilot:<tag>[-<variant>]`)', () => {
    assert.equal(imageVersion('gcr.io/istio-release/pilot:1.24.2-distroless'), '1.24.2');
    assert.equal(imageVersion('docker.io/istio/proxyv2:1.20.1-debug'), '1.20.1');
  });

  it('does not mistake a registry port for a tag', () => {
    assert.equal(imageVersion('my.reg:5000/istio/proxyv2:1.20.1-debug'), '1.20.1');
    assert.equal(imageVersion('my.reg:5000/istio/proxyv2'), undefined);
    assert.deepEqual(parseImageRef('my.reg:5000/istio/proxyv2'), { repository: 'my.reg:5000/istio/proxyv2', digest: undefined });
  });

  it('gives unknown for digest-only references and for latest', () => {
    assert.equal(imageVersion('docker.io/istio/proxyv2@sha256:0123456789abcdef'), undefined);
    assert.equal(imageVersion('docker.io/istio/proxyv2:latest'), undefined);
    assert.equal(imageVersion('docker.io/istio/proxyv2'), undefined);
  });

  it('uses the tag when both a tag and a digest are given', () => {
    assert.equal(imageVersion('docker.io/istio/proxyv2:1.22.3@sha256:abc'), '1.22.3');
    assert.deepEqual(parseImageRef('r/p:1.2.3@sha256:abc'), { repository: 'r/p', tag: '1.2.3', digest: 'sha256:abc' });
  });

  it('keeps alpha/beta/rc pre-releases and drops vendor suffixes', () => {
    assert.equal(imageVersion('istio/pilot:1.25.0-beta.1'), '1.25.0-beta.1');
    assert.equal(imageVersion('istio/pilot:1.22.0-rc.0-distroless'), '1.22.0-rc.0');
    assert.equal(imageVersion('tetrate/proxyv2:1.17.2-tetrate-v0'), '1.17.2');
    assert.equal(imageVersion('istio/proxyv2:v1.9.7'), '1.9.7');
  });

  it('rejects tags without major.minor.patch', () => {
    assert.equal(imageVersion('istio/pilot:1.24'), undefined);
    assert.equal(imageVersion('istio/pilot:1.31-alpha.4b4c3f8'), undefined);
    assert.equal(imageVersion('istio/pilot:master-latest-daily'), undefined);
    // Not a version, whatever semver's integers would allow: it used to read as 100000000000000000000.1.1.
    assert.equal(imageVersion('istio/proxyv2:99999999999999999999.1.1'), undefined);
    assert.equal(parseIstioVersion('1.24.20000'), undefined);
    assert.equal(parseIstioVersion('1234.5678.9012'), '1234.5678.9012');
  });

  it('never throws on empty or non-string input', () => {
    assert.equal(imageVersion(undefined), undefined);
    assert.equal(imageVersion(''), undefined);
    assert.equal(imageVersion('   '), undefined);
    assert.equal(imageVersion(42 as unknown as string), undefined);
    assert.equal(parseIstioVersion(undefined), undefined);
    assert.equal(imageVersion(':'), undefined);
    assert.equal(imageVersion('@'), undefined);
  });

  it('parses label values like app.kubernetes.io/version', () => {
    assert.equal(parseIstioVersion('1.24.2'), '1.24.2');
    assert.equal(parseIstioVersion(' 1.24.02 '), '1.24.2');
    assert.equal(parseIstioVersion('1.0.0-distroless'), '1.0.0');
    assert.equal(parseIstioVersion('unknown'), undefined);
  });
});
