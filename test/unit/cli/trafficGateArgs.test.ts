/** migrate's traffic gate flags: defaults, ranges (the settings'), and combinations that make no sense. */
import { strict as assert } from 'node:assert';
import { UsageError } from '../../../src/cli/cliErrors';
import { gateArgs } from '../../../src/cli/trafficGateCli';

describe('CLI traffic gate flags', () => {
  it('default: auto, 300 s baseline, 60 s soak, +1 pp, ×1.5, 100 requests, stop when undecided', () => {
    assert.deepEqual(gateArgs({}), {
      mode: 'auto', prometheus: undefined, windowSeconds: 300, soakSeconds: 60,
      thresholds: { maxErrorRateIncrease: 1, maxLatencyRatio: 1.5, minLatencyIncreaseMs: 10, minRequests: 100 }, undecided: 'stop',
    });
  });

  it('takes every flag within its range', () => {
    const a = gateArgs({ gate: 'traffic', prometheus: 'https://prom.example:9090', soak: '5', 'gate-window': '600', 'max-5xx-increase': '0.5', 'max-p99-ratio': '2', 'min-requests': '10', 'gate-undecided': 'continue' });
    assert.deepEqual([a.mode, a.prometheus, a.soakSeconds, a.windowSeconds, a.thresholds.maxErrorRateIncrease, a.thresholds.maxLatencyRatio, a.thresholds.minRequests, a.undecided],
      ['traffic', 'https://prom.example:9090', 5, 600, 0.5, 2, 10, 'continue']);
  });

  it('refuses values out of range, unknown modes, a URL that is not http(s), and --prometheus with --gate none', () => {
    for (const [values, pattern] of [
      [{ soak: '0' }, /--soak must be a number from 1 to 3600/],
      [{ soak: '1e9' }, /--soak/],
      [{ 'max-p99-ratio': '0.5' }, /--max-p99-ratio must be a number from 1 to 100/],
      [{ 'min-requests': 'many' }, /--min-requests/],
      [{ 'gate-window': '5' }, /--gate-window must be a number from 10/],
      [{ gate: 'maybe' }, /--gate must be one of auto, traffic, none/],
      [{ 'gate-undecided': 'ask' }, /--gate-undecided must be one of stop, continue/],
      [{ prometheus: 'prometheus:9090' }, /--prometheus must be an http:\/\/ or https:\/\/ URL/],
      [{ gate: 'none', prometheus: 'http://p:9090' }, /--prometheus does not go with --gate none/],
    ] as const) {
      assert.throws(() => gateArgs(values), (e: unknown) => e instanceof UsageError && pattern.test(e.message), JSON.stringify(values));
    }
  });
});
