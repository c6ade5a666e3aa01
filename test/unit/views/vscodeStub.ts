/**
 * The few `vscode` classes the tree nodes and the provider construct, so they run under mocha: importing this
 * module installs a require hook for the module name `vscode` only. Import it before the code under test.
 */
import Module from 'node:module';

class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  readonly event = (l: (value: T) => void): { dispose(): void } => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(value: T): void {
    for (const l of this.listeners) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}
class ThemeColor {
  constructor(readonly id: string) {}
}
class ThemeIcon {
  constructor(readonly id: string, readonly color?: ThemeColor) {}
}
class TreeItem {
  constructor(readonly label: string, readonly collapsibleState = 0) {}
}
class MarkdownString {
  constructor(public value = '') {}
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;
const stub = {
  EventEmitter, ThemeColor, ThemeIcon, TreeItem, MarkdownString, TreeItemCollapsibleState,
  Uri: { file: (p: string) => ({ fsPath: p, toString: () => `file://${p}` }) },
};

interface Loader {
  _load(request: string, ...rest: unknown[]): unknown;
}

const loader = Module as unknown as Loader;
const original = loader._load;
loader._load = function load(this: unknown, request: string, ...rest: unknown[]): unknown {
  return request === 'vscode' ? stub : original.call(this, request, ...rest);
};
