import { strict as assert } from 'node:assert';
import { installVscodeStub, vscodeStub } from '../../../scripts/vscode/vscodeStub';
import { clampOption, LIMITS } from '../../../src/kube/optionLimits';
import pkg from '../../../package.json';

installVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readSettings } = require('../../../src/host/settings') as typeof import('../../../src/host/settings');

describe('host/settings: numeric settings are clamped in code', () => {
  afterEach(() => vscodeStub.settings.clear());

  it('takes the defaults when nothing is set', () => {
    const s = readSettings();
    assert.deepEqual(
      [s.requestTimeoutMs, s.connectTimeoutMs, s.pageSize, s.rolloutTimeoutMs, s.execTimeoutMs, s.retry.maxAttempts, s.retry.maxWaitMs],
      [15_000, 5_000, 500, 300_000, 30_000, 5, 30_000],
    );
  });

  it('clamps what an untrusted workspace could set: 0, negative, huge, fractional, not a number', () => {
    const set = (k: string, v: unknown) => vscodeStub.settings.set(`istioCanary.${k}`, v);
    set('requestTimeoutSeconds', 0);
    set('connectTimeoutSeconds', 3_000_000);
    set('pageSize', 3.7);
    set('rolloutTimeoutSeconds', 'soon');
    set('execTimeoutSeconds', -5);
    set('retryMaxAttempts', 99.6);
    set('retryMaxWaitSeconds', Number.NaN);
    const s = readSettings();
    assert.equal(s.requestTimeoutMs, 1_000);
    assert.equal(s.connectTimeoutMs, 120_000);
    assert.equal(s.pageSize, 10);
    assert.equal(s.rolloutTimeoutMs, 300_000);
    assert.equal(s.execTimeoutMs, 1_000);
    assert.equal(s.retry.maxAttempts, 10);
    assert.equal(s.retry.maxWaitMs, 30_000);
  });

  it('keeps values inside their range, and every range fits a timer (< 2^31 ms)', () => {
    assert.equal(clampOption('pageSize', 250), 250);
    assert.equal(clampOption('pageSize', 250.4), 250);
    assert.equal(clampOption('requestTimeoutSeconds', 2.5), 2.5);
    for (const [name, r] of Object.entries(LIMITS)) {
      assert.ok(r.min <= r.fallback && r.fallback <= r.max, name);
      if (name.endsWith('Seconds')) assert.ok(r.max * 1000 < 2 ** 31 - 1, name);
    }
  });

  it('package.json documents the same ranges and defaults', () => {
    const props = (pkg as unknown as { contributes: { configuration: { properties: Record<string, { default: number; minimum: number; maximum: number }> } } })
      .contributes.configuration.properties;
    for (const [name, r] of Object.entries(LIMITS)) {
      const p = props[`istioCanary.${name}`];
      assert.deepEqual([p?.default, p?.minimum, p?.maximum], [r.fallback, r.min, r.max], name);
    }
  });
});

describe("host/settings: the Kubernetes extension's kubeconfig path", () => {
  afterEach(() => {
    vscodeStub.settings.clear();
    vscodeStub.workspace.isTrusted = true;
  });

  it('is taken (over its raw setting) in a trusted workspace, after istioCanary.kubeconfig', () => {
    vscodeStub.settings.set('vs-kubernetes.vs-kubernetes.kubeconfig', '${env:HOME}/raw');
    const s = readSettings('/interpolated/config');
    assert.deepEqual([s.kubeconfigPaths, s.kubeconfigSource], [['/interpolated/config'], 'Kubernetes extension']);
    vscodeStub.settings.set('istioCanary.kubeconfig', '/mine');
    assert.deepEqual(readSettings('/interpolated/config').kubeconfigPaths, ['/mine']);
  });

  it('is ignored in an untrusted workspace (a workspace setting could have chosen it)', () => {
    vscodeStub.workspace.isTrusted = false;
    const s = readSettings('/from/workspace');
    assert.notEqual(s.kubeconfigSource, 'Kubernetes extension');
    assert.ok(!s.kubeconfigPaths.includes('/from/workspace'));
  });
});
