/**
 * Watches the kubeconfig files: a changed file (a new current-context, a context added by `aws eks
 * update-kubeconfig`, a refreshed token) reloads the tree, debounced. Directories are watched rather than the
 * files, because tools replace a kubeconfig by renaming a new file over it; a change that leaves the content as
 * it was (a touch) does nothing.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface KubeconfigWatcherOptions {
  debounceMs?: number;
  onChange(files: string[]): void;
  onError?(message: string): void;
}

export class KubeconfigWatcher {
  private watchers: fs.FSWatcher[] = [];
  private digests = new Map<string, string>();
  private timer?: ReturnType<typeof setTimeout>;
  private readonly touched = new Set<string>();

  constructor(private readonly options: KubeconfigWatcherOptions) {}

  /** (Re)starts watching these files; their current content is the baseline. */
  watch(files: readonly string[]): void {
    this.stop();
    this.digests = new Map(files.map((f) => [f, digest(f)]));
    const byDir = new Map<string, Set<string>>();
    for (const f of files) {
      const dir = path.dirname(f);
      byDir.set(dir, (byDir.get(dir) ?? new Set()).add(path.basename(f)));
    }
    for (const [dir, names] of byDir) {
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, name) => {
          const base = typeof name === 'string' ? name : name ? String(name) : '';
          // Some platforms give no name: check every watched file of the directory.
          for (const n of base ? [base] : [...names]) if (names.has(n)) this.schedule(path.join(dir, n));
        });
        w.on('error', (e) => this.options.onError?.(`watching ${dir}: ${e.message}`));
        this.watchers.push(w);
      } catch (e) {
        this.options.onError?.(`cannot watch ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  stop(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.touched.clear();
  }

  dispose(): void {
    this.stop();
  }

  private schedule(file: string): void {
    this.touched.add(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs ?? 500);
  }

  private flush(): void {
    this.timer = undefined;
    const changed = [...this.touched].filter((f) => {
      const now = digest(f);
      const was = this.digests.get(f);
      this.digests.set(f, now);
      return now !== was;
    });
    this.touched.clear();
    if (changed.length) this.options.onChange(changed);
  }
}

/** The content's hash; '' for a missing or unreadable file. Only regular files are read (a FIFO would block). */
function digest(file: string): string {
  try {
    if (!fs.statSync(file).isFile()) return 'not-a-file';
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return '';
  }
}
