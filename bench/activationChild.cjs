// Child-process entry (plain CommonJS so no TypeScript loader sits in the timed require):
// require() the minified bundle with a stub `vscode` module, call activate() with a fake ExtensionContext,
// print { requireMs, activateMs, touched } as JSON. argv: bundlePath storageDir kubeconfigPath.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS on purpose: require() of the bundle is what is measured */
const Module = require('node:module');

const [bundlePath, storageDir, kubeconfigPath] = process.argv.slice(2);
const missing = new Set();
const disposable = () => ({ dispose() {} });
const event = () => disposable;

class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (l) => { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; }; }
  fire(v) { for (const l of this.listeners) l(v); }
  dispose() { this.listeners.clear(); }
}
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
class MarkdownString { constructor(value) { this.value = value ?? ''; } appendMarkdown(v) { this.value += v; return this; } }
class Disposable { constructor(fn) { this.fn = fn; } dispose() { this.fn?.(); } static from(...d) { return new Disposable(() => d.forEach((x) => x.dispose())); } }

const logChannel = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, appendLine() {}, append() {}, show() {}, dispose() {} };
const settings = { kubeconfig: kubeconfigPath };
const configuration = {
  get: (key, fallback) => (key in settings ? settings[key] : fallback),
  inspect: () => undefined,
  has: () => false,
  update: async () => undefined,
};

/** Unknown members are recorded and answered with a no-op, so the report can say what activation touched. */
function recorded(name, target) {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in t || typeof prop === 'symbol' || prop === '__esModule') return t[prop];
      missing.add(`${name}.${String(prop)}`);
      return () => disposable();
    },
  });
}

const vscode = recorded('vscode', {
  EventEmitter, ThemeIcon, ThemeColor, TreeItem, MarkdownString, Disposable,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  // Read at module load by the plan language providers (static members), so they must exist before activate().
  CodeActionKind: { QuickFix: { value: 'quickfix' }, Refactor: { value: 'refactor' }, Empty: { value: '' } },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  CompletionItemKind: { Property: 9, Module: 8, Value: 11 },
  ViewColumn: { Active: -1, Beside: -2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  // English, as VS Code without a language pack: the message with its {n} placeholders filled in.
  l10n: {
    bundle: undefined,
    uri: undefined,
    t: (message, ...args) => {
      const text = typeof message === 'string' ? message : message.message;
      const values = typeof message === 'string' ? (args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? args[0] : args) : message.args ?? [];
      return text.replace(/\{(\w+)\}/g, (m, k) => (values[k] !== undefined ? String(values[k]) : m));
    },
  },
  Uri: { file: (p) => ({ fsPath: p, path: p, scheme: 'file', toString: () => `file://${p}` }) },
  window: recorded('window', {
    createOutputChannel: () => logChannel,
    registerWebviewPanelSerializer: () => disposable(),
    createTreeView: () => recorded('treeView', { message: undefined, badge: undefined, dispose() {}, onDidChangeSelection: event(), onDidChangeVisibility: event(), onDidExpandElement: event(), onDidCollapseElement: event(), reveal: async () => undefined }),
  }),
  commands: recorded('commands', { registerCommand: () => disposable(), executeCommand: async () => undefined }),
  workspace: recorded('workspace', {
    getConfiguration: () => configuration,
    isTrusted: true,
    textDocuments: [],
    workspaceFolders: undefined,
    onDidChangeConfiguration: event(),
    onDidGrantWorkspaceTrust: event(),
  }),
  languages: recorded('languages', {
    createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {} }),
    match: () => 0,
  }),
  extensions: recorded('extensions', { getExtension: () => undefined, all: [], onDidChange: event() }),
  env: recorded('env', { clipboard: { writeText: async () => undefined } }),
});

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, ...rest);
};

const context = {
  subscriptions: [],
  globalStorageUri: { fsPath: storageDir, path: storageDir, scheme: 'file' },
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  extensionUri: { fsPath: storageDir, path: storageDir, scheme: 'file' },
  extensionPath: storageDir,
  asAbsolutePath: (p) => p,
  // The manifest (command titles are read from it at activation).
  extension: { id: 'istio-canary.istio-canary-upgrades', packageJSON: require('../package.json'), extensionPath: storageDir },
};

const t0 = performance.now();
const extension = require(bundlePath);
const t1 = performance.now();
extension.activate(context);
const t2 = performance.now();
setTimeout(() => {
  for (const d of context.subscriptions) d.dispose?.();
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, touched: [...missing] }));
  process.exit(0);
}, 200);
