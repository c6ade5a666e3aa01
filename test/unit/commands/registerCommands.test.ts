// First: the commands import `vscode`.
import '../views/vscodeStub';
import { strict as assert } from 'node:assert';
import { localizedManifest } from '../../shared/localizedManifest';
import { vscodeStub } from '../../../scripts/vscode/vscodeStub';
import type { CommandContext } from '../../../src/commands/commandContext';

const manifest: unknown = localizedManifest();

type Handler = (...args: unknown[]) => Promise<unknown>;

describe('commands/registerCommands: a failing command is reported by its title', () => {
  const handlers = new Map<string, Handler>();
  const logged: string[] = [];

  before(() => {
    // The stub has no command registry: this test adds one (registerCommand records the handler).
    Object.assign(vscodeStub, {
      commands: { registerCommand: (id: string, fn: Handler) => { handlers.set(id, fn); return { dispose: () => undefined }; }, executeCommand: async () => undefined },
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub got `commands`
    const { registerCommands } = require('../../../src/commands/registerCommands') as typeof import('../../../src/commands/registerCommands');
    // Every cluster-facing part of the context fails, as a cluster refusing every request would.
    const failing = new Proxy({}, { get: () => { throw new Error('the cluster refused the request'); } });
    const ctx = new Proxy({
      extension: { extension: { packageJSON: manifest } },
      log: { error: (m: string) => logged.push(m), show: () => undefined, info: () => undefined, warn: () => undefined },
    } as Record<string, unknown>, { get: (t, k: string) => (k in t ? t[k] : () => failing) }) as unknown as CommandContext;
    registerCommands(ctx);
  });

  it('every command that fails shows "<Category: Title> failed: <reason>", never its id', async () => {
    vscodeStub.messages.length = 0;
    for (const handler of handlers.values()) await handler();
    const errors = vscodeStub.messages.filter((m) => m.startsWith('error: '));
    assert.ok(errors.length >= 10, `only ${errors.length} commands failed: ${errors.join(' | ')}`);
    for (const e of errors) {
      assert.ok(!e.includes('istioCanary.'), e);
      assert.match(e, /^error: Istio: [A-Z][^:]*(?<!…) failed: \S/);
    }
    assert.ok(errors.includes('error: Istio: Migrate to Revision or Tag failed: the cluster refused the request'), errors.join('\n'));
    // The log keeps the id for whoever reads it.
    assert.ok(logged.some((l) => l.includes('(istioCanary.migrateNamespaces)')), logged.join('\n'));
  });
});
