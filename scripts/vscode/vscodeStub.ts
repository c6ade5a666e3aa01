/**
 * A minimal `vscode` module for code that runs the real tree providers outside VS Code (unit tests, the bench): the classes
 * the views construct (TreeItem, ThemeIcon, MarkdownString, EventEmitter…) and window.show*Message (recorded). Installed as a require hook in
 * this process only, like bench/activationChild.cjs does for the bundle.
 */
import Module from 'node:module';
import * as l10n from '@vscode/l10n';

type Listener<T> = (value: T) => void;

class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>): { dispose(): void } => {
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
  id?: string;
  constructor(readonly label: string, readonly collapsibleState = 0) {}
}
class MarkdownString {
  isTrusted = false;
  supportHtml = false;
  constructor(public value = '', readonly supportThemeIcons = false) {}
}

const file = (p: string) => ({ fsPath: p, path: p, scheme: 'file', toString: () => `file://${p}` });

/** Settings by full key (`istioCanary.pageSize`), as a test sets them; getConfiguration reads them. */
const settings = new Map<string, unknown>();

const workspace = {
  isTrusted: true,
  getConfiguration(section = '') {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get: <T>(key: string, fallback?: T): T | undefined => (settings.has(full(key)) ? settings.get(full(key)) as T : fallback),
      inspect: <T>(key: string) => ({ key: full(key), globalValue: settings.get(full(key)) as T | undefined }),
    };
  },
};

/** Test hook (not part of the vscode API): the messages window.show*Message was asked to show, as `level: text`. */
const messages: string[] = [];
const show = (level: string) => async (text: string): Promise<undefined> => {
  messages.push(`${level}: ${text}`);
  return undefined;
};
const window = { showErrorMessage: show('error'), showWarningMessage: show('warning'), showInformationMessage: show('info') };

export const vscodeStub = {
  EventEmitter, ThemeColor, ThemeIcon, TreeItem, MarkdownString,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  Uri: { file },
  workspace,
  window,
  // No bundle is loaded: l10n.t returns the English message with its arguments, as VS Code does in English.
  l10n: { t: l10n.t, bundle: undefined },
  /** Test hook (not part of the vscode API): the settings getConfiguration returns. */
  settings,
  messages,
};

interface Loader {
  _load(request: string, ...rest: unknown[]): unknown;
}

let installed = false;

/** From now on `require('vscode')` in this process returns the stub. */
export function installVscodeStub(): void {
  if (installed) return;
  installed = true;
  const loader = Module as unknown as Loader;
  const original = loader._load;
  loader._load = function load(this: unknown, request: string, ...rest: unknown[]): unknown {
    return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
  };
}
