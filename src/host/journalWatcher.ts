/**
 * Fires when the journal file changes (a run of this window, another window or the CLI started, progressed or
 * ended), so plan CodeLenses show each step's state live. fs.watch on the folder, debounced.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export class JournalWatcher implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private watcher?: fs.FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(private readonly dir: string, private readonly onError: (message: string) => void) {}

  /** Starts watching (once); the folder is created 0700 if it is not there yet, as the journal does. */
  start(): void {
    if (this.watcher) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.watcher = fs.watch(this.dir, () => this.poke());
      this.watcher.on('error', (e) => this.onError(`journal watch: ${e.message}`));
    } catch (e) {
      this.onError(`cannot watch the journal folder ${this.dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Also called by the runs this window makes, after each step of theirs. */
  poke(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), 150);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.changed.dispose();
  }
}
