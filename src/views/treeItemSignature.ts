/**
 * A string that changes whenever what VS Code shows for a TreeItem changes: label, description, tooltip text,
 * contextValue, icon (id and colour, or URIs), collapsible state, accessibility text, resource URI and command.
 * Only types from vscode, so it runs (and is tested) without it.
 */
import type * as vscode from 'vscode';

type Label = string | vscode.TreeItemLabel | undefined;
type Tooltip = string | vscode.MarkdownString | undefined;

function labelText(l: Label): string | undefined {
  return typeof l === 'string' || l === undefined ? l : `${l.label}${l.highlights ? JSON.stringify(l.highlights) : ''}`;
}

function tooltipText(t: Tooltip): string | undefined {
  return typeof t === 'string' || t === undefined ? t : t.value;
}

function uriText(u: vscode.Uri | string | undefined): string | undefined {
  return u === undefined ? undefined : String(u);
}

function iconText(icon: vscode.TreeItem['iconPath']): string | undefined {
  if (icon === undefined) return undefined;
  if (typeof icon === 'string') return icon;
  if ('id' in icon) return `${icon.id}${icon.color ? `@${icon.color.id}` : ''}`;
  if ('light' in icon) return `${uriText(icon.light)}|${uriText(icon.dark)}`;
  return uriText(icon);
}

/** Command arguments are compared by what they name: a node by its id, a URI by its text. */
function argText(a: unknown): string {
  if (a === null || typeof a !== 'object') return JSON.stringify(a) ?? String(a);
  if ('id' in a && typeof a.id === 'string') return `#${a.id}`;
  return String(a);
}

export function treeItemSignature(item: vscode.TreeItem): string {
  const a11y = item.accessibilityInformation;
  const cmd = item.command;
  return JSON.stringify([
    item.id,
    labelText(item.label),
    typeof item.description === 'boolean' ? String(item.description) : item.description,
    tooltipText(item.tooltip),
    item.contextValue,
    iconText(item.iconPath),
    item.collapsibleState,
    a11y ? `${a11y.label}|${a11y.role ?? ''}` : undefined,
    uriText(item.resourceUri),
    cmd ? [cmd.command, cmd.title, ...(cmd.arguments ?? []).map(argText)] : undefined,
  ]);
}
