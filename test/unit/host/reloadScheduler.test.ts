import { strict as assert } from 'node:assert';
import { ReloadScheduler } from '../../../src/host/reloadScheduler';

/** A reload that stays open until the test releases it, recording what ran when. */
function controlledReload(events: string[]) {
  const releases: (() => void)[] = [];
  let n = 0;
  return {
    releases,
    reload: () => {
      const i = ++n;
      events.push(`reload ${i} start`);
      return new Promise<void>((resolve) => releases.push(() => {
        events.push(`reload ${i} end`);
        resolve();
      }));
    },
  };
}

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('host/reloadScheduler: one reload for a burst, never two at once', () => {
  it('a burst of requests (settings, file, context event) is one reload, and every "then" runs after it', async () => {
    const events: string[] = [];
    const s = new ReloadScheduler({ reload: async () => { events.push('reload'); }, debounceMs: 5 });
    s.request();
    s.request(() => events.push('connect a'));
    s.request(() => events.push('connect b'));
    await s.idle();
    assert.deepEqual(events, ['reload', 'connect a', 'connect b']);
  });

  it('a request during a reload runs one more reload after it, with its "then" after that one', async () => {
    const events: string[] = [];
    const r = controlledReload(events);
    const s = new ReloadScheduler({ reload: r.reload, debounceMs: 1 });
    s.request(() => events.push('after 1'));
    while (r.releases.length === 0) await tick();
    s.request(() => events.push('after 2'));
    s.request();
    await tick(20);
    assert.deepEqual(events, ['reload 1 start'], 'no second reload while the first runs');
    r.releases[0]();
    while (r.releases.length < 2) await tick();
    r.releases[1]();
    await s.idle();
    assert.deepEqual(events, ['reload 1 start', 'reload 1 end', 'after 1', 'reload 2 start', 'reload 2 end', 'after 2']);
  });

  it('a failed reload is reported and its "then" still runs; a failing "then" is reported too', async () => {
    const errors: string[] = [];
    const events: string[] = [];
    const s = new ReloadScheduler({ reload: async () => { throw new Error('kubeconfig unreadable'); }, debounceMs: 1, onError: (m) => errors.push(m) });
    s.request(() => { throw new Error('connect failed'); });
    s.request(() => events.push('ran'));
    await s.idle();
    assert.deepEqual(errors, ['kubeconfig unreadable', 'connect failed']);
    assert.deepEqual(events, ['ran']);
  });

  it('after dispose nothing more is scheduled', async () => {
    let reloads = 0;
    const s = new ReloadScheduler({ reload: async () => { reloads++; }, debounceMs: 1 });
    s.request();
    s.dispose();
    s.request();
    await tick(20);
    assert.equal(reloads, 0);
  });
});
