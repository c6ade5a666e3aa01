/**
 * Finds user-visible text in the VS Code layer that does not go through `l10n.t` (vscode.l10n or @vscode/l10n):
 * a string or template literal with words in it, at a place VS Code shows to the user (a notification and its
 * buttons, a quick pick, an input box, a tree item, a progress title, a webview title, the panel page's DOM text and
 * ARIA labels) or passed to one of this
 * project's helpers that put text there. Also flags the English plural helpers (`plural`, `byCount`): singular
 * and plural are separate messages in the VS Code layer. Used by test/unit/l10n/bareStrings.test.ts.
 */
import * as ts from 'typescript';

export interface BareString {
  file: string;
  line: number;
  text: string;
  /** Where the text would show: the call, property or assignment that makes it visible. */
  sink: string;
}

/** Calls whose arguments (all, or from an index on) are shown as they are. */
const ARGUMENT_SINKS: Record<string, { from: number; to?: number }> = {
  showInformationMessage: { from: 0 },
  showWarningMessage: { from: 0 },
  showErrorMessage: { from: 0 },
  createWebviewPanel: { from: 1, to: 1 },
  setStatusBarMessage: { from: 0, to: 0 },
  // This project's helpers that put a string argument on screen.
  pickCluster: { from: 1, to: 1 },
  pickNamespaces: { from: 1, to: 1 },
  pickTarget: { from: 2, to: 2 },
  pickTag: { from: 1, to: 1 },
  pickRevision: { from: 1, to: 1 },
  pickGateway: { from: 1, to: 1 },
  pickService: { from: 2, to: 2 },
  runWithProgress: { from: 0, to: 0 },
  showProxyVersions: { from: 2, to: 2 },
  showWebhookReport: { from: 2, to: 2 },
  clusterSteps: { from: 2, to: 2 },
  askSteps: { from: 0, to: 0 },
  runSteps: { from: 1, to: 1 },
  namespacesStep: { from: 1, to: 1 },
  targetStep: { from: 1, to: 1 },
  withWebhookGuard: { from: 2, to: 2 },
  countText: { from: 1, to: 2 },
  // The Proxy versions page (in the webview): el(tag, attributes, text).
  el: { from: 2, to: 2 },
};

/** DOM attributes a person reads (screen readers, hovers): `setAttribute(name, text)`. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'alt', 'placeholder']);

/** Constructors whose arguments at these indexes are a label or a tooltip. */
const CONSTRUCTOR_SINKS: Record<string, number[]> = { TreeItem: [0], MessageNode: [2, 4], MessageRow: [0, 2], CodeAction: [0] };

/** Properties that hold visible text wherever they are set in the VS Code layer (object literals and assignments). */
const TEXT_PROPERTIES = new Set(['title', 'placeHolder', 'placeholder', 'prompt', 'label', 'description', 'detail', 'tooltip', 'message', 'text', 'validationMessage', 'altText', 'aria-label', 'textContent']);

const ENGLISH_PLURALS = new Set(['plural', 'byCount']);

/** A literal needs translating when it has a letter outside codicon references (`$(sync~spin)`). */
function hasWords(text: string): boolean {
  return /\p{L}/u.test(text.replace(/\$\([a-z0-9~-]+\)/gi, ''));
}

function calleeName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

/** `l10n.t(…)` or `vscode.l10n.t(…)`: the text in it is translated. */
function isL10nCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const target = node.expression.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

/** `log.info(…)`, `ctx.log.warn(…)`: a line for the output channel. */
function isLogCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const target = node.expression.expression;
  return (ts.isIdentifier(target) && target.text === 'log') || (ts.isPropertyAccessExpression(target) && target.name.text === 'log');
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

export function findBareStrings(file: string, source: string): BareString[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: BareString[] = [];
  const report = (node: ts.Node, text: string, sink: string): void => {
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text, sink });
  };

  /** The literals in an expression that reach the screen as they are: through ?:, +, ??, ||, templates, arrays, `.join`. */
  const check = (expr: ts.Node | undefined, sink: string): void => {
    if (!expr || isL10nCall(expr)) return;
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
      if (hasWords(expr.text)) report(expr, expr.text, sink);
    } else if (ts.isTemplateExpression(expr)) {
      const text = [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join('…');
      if (hasWords(text)) report(expr, text, sink);
      for (const span of expr.templateSpans) check(span.expression, sink);
    } else if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) {
      check(expr.expression, sink);
    } else if (ts.isConditionalExpression(expr)) {
      check(expr.whenTrue, sink);
      check(expr.whenFalse, sink);
    } else if (ts.isBinaryExpression(expr) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(expr.operatorToken.kind)) {
      check(expr.left, sink);
      check(expr.right, sink);
    } else if (ts.isArrayLiteralExpression(expr)) {
      for (const e of expr.elements) check(ts.isSpreadElement(e) ? e.expression : e, sink);
    } else if (ts.isArrowFunction(expr)) {
      if (!ts.isBlock(expr.body)) check(expr.body, sink);
    } else if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'join') {
      check(expr.expression.expression, sink);
    }
    // Any other call computes its text elsewhere: that code is checked where it shows it, or is domain text.
  };

  const visit = (node: ts.Node): void => {
    // The log channel stays English, like VS Code's own logs: what goes into it is not checked.
    if (isL10nCall(node) || isLogCall(node)) return;
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name && ENGLISH_PLURALS.has(name)) report(node, node.getText(sf), `${name}() — singular and plural are separate l10n.t messages`);
      const sink = name ? ARGUMENT_SINKS[name] : undefined;
      if (sink) node.arguments.forEach((a, i) => { if (i >= sink.from && i <= (sink.to ?? Infinity)) check(a, `${name}()`); });
      const [attribute, value] = node.arguments;
      if (name === 'setAttribute' && attribute && ts.isStringLiteral(attribute) && TEXT_ATTRIBUTES.has(attribute.text)) check(value, `setAttribute('${attribute.text}')`);
    } else if (ts.isNewExpression(node)) {
      const name = calleeName(node.expression);
      for (const index of (name !== undefined ? CONSTRUCTOR_SINKS[name] : undefined) ?? []) check(node.arguments?.[index], `new ${name}()`);
    } else if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name && TEXT_PROPERTIES.has(name)) check(node.initializer, `{ ${name} }`);
      if ((name === 'validateInput' || name === 'validate') && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) checkReturns(node.initializer, name);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const name = node.left.name.text;
      if (TEXT_PROPERTIES.has(name)) check(node.right, `.${name} =`);
    }
    ts.forEachChild(node, visit);
  };

  const checkReturns = (fn: ts.ArrowFunction | ts.FunctionExpression, sink: string): void => {
    if (!ts.isBlock(fn.body)) return check(fn.body, sink);
    const walk = (n: ts.Node): void => {
      if (ts.isReturnStatement(n)) check(n.expression, sink);
      if (!ts.isFunctionLike(n)) ts.forEachChild(n, walk);
    };
    walk(fn.body);
  };

  visit(sf);
  return found;
}
