import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localizedManifest } from '../../shared/localizedManifest';
import { commandFailureMessage, commandTitles } from '../../../src/commands/commandTitles';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const manifest: unknown = localizedManifest();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Where a command id may be written in the source: as something to run or register, never as text for a person. */
const ALLOWED_USE = [
  /executeCommand\(\s*'$/, // vscode.commands.executeCommand('id'
  /\bcommand:\s*'$/, // { command: 'id' } of a CodeLens, code action or tree item
  /^\s*'$/, // a key of the registration table: 'id': handler
  /=\s*'$/, // export const REVEAL_COMMAND = 'id'
];

describe('commands are named by title, never by id', () => {
  const titles = commandTitles(manifest);

  it('reads "Category: Title" for every contributed command from package.json', () => {
    assert.equal(titles.get('istioCanary.migrateNamespaces'), 'Istio: Migrate to Revision or Tag…');
    assert.equal(titles.get('istioCanary.refresh'), 'Istio: Refresh');
    assert.equal(commandTitles({ contributes: { commands: [{ command: 'x.y', title: 'Only Title' }, { command: 3 }, null] } }).get('x.y'), 'Only Title');
    assert.equal(commandTitles(undefined).size, 0);
  });

  it('every registered command has a title, and its failure message contains no "istioCanary."', () => {
    const table = fs.readFileSync(path.join(ROOT, 'src', 'commands', 'registerCommands.ts'), 'utf8');
    const registered = [...table.matchAll(/^\s*'(istioCanary\.[\w.]+)':/gm)].map((m) => m[1]);
    assert.ok(registered.length > 30, `found ${registered.length} registered commands`);
    for (const id of registered) {
      const title = titles.get(id);
      assert.ok(title, `${id} is registered but has no title in package.json`);
      const message = commandFailureMessage(title, 'the cluster refused the request');
      assert.ok(!message.includes('istioCanary.'), message);
    }
    assert.equal(commandFailureMessage('Istio: Migrate to Revision or Tag…', 'forbidden'), 'Istio: Migrate to Revision or Tag failed: forbidden');
    assert.equal(commandFailureMessage(undefined, 'forbidden'), 'The command failed: forbidden');
  });

  it('no source file puts a command id into text a person reads (messages, reports, tooltips)', () => {
    const ids = [...titles.keys()].sort((a, b) => b.length - a.length);
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const id of ids) {
        let at = text.indexOf(id);
        while (at >= 0) {
          const end = at + id.length;
          if (/[\w.]/.test(text[end] ?? '')) { // a longer id (removeRevision in removeRevisionTag): checked as that one
            at = text.indexOf(id, end);
            continue;
          }
          const isWholeId = text[at - 1] === '\'' && text[end] === '\'';
          const lineStart = text.lastIndexOf('\n', at) + 1;
          const before = text.slice(lineStart, at);
          const inComment = /^\s*(\/\/|\*|\/\*)/.test(before);
          if (!inComment && !(isWholeId && ALLOWED_USE.some((r) => r.test(before)))) {
            offenders.push(`${path.relative(ROOT, file)}:${text.slice(0, at).split('\n').length}: ${text.slice(lineStart, text.indexOf('\n', at)).trim()}`);
          }
          at = text.indexOf(id, end);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });
});
