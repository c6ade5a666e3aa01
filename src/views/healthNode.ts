import * as vscode from 'vscode';
import { countBySeverity, findingSummary, objectList, sortFindings, type Finding } from '../mesh/finding';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { findingTooltip } from './precheckMarkdown';
import { md } from './nodeText';

const ICONS = {
  error: () => themeIcon('error', 'errorForeground'),
  warning: () => themeIcon('warning', 'charts.yellow'),
  info: () => themeIcon('info'),
} as const;

/** The severity word a screen reader says before a finding or a message. */
export function severityText(severity: 'error' | 'warning' | 'info'): string {
  return severity === 'error' ? vscode.l10n.t('error') : severity === 'warning' ? vscode.l10n.t('warning') : vscode.l10n.t('info');
}

/** One precheck finding: title, affected objects, detail and fix in the tooltip. */
export class FindingNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, public finding: Finding) {
    super(`${parent.id}/finding/${finding.id}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.finding = fresh.finding;
  }

  getTreeItem(): vscode.TreeItem {
    const f = this.finding;
    const item = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = objectList(f.objects);
    item.tooltip = markdown(findingTooltip(f));
    item.contextValue = `istioCanary.finding ${f.severity}${f.fix ? ' fixable' : ''}`;
    item.iconPath = ICONS[f.severity]();
    item.accessibilityInformation = { label: `${severityText(f.severity)}: ${f.title}` };
    return item;
  }
}

/** The "Health" group of a cluster: its precheck findings, errors first. */
export class HealthNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, public findings: readonly Finding[]) {
    super(`${parent.id}/health`, parent);
  }

  refreshFrom(fresh: this): void {
    this.findings = fresh.findings;
  }

  getTreeItem(): vscode.TreeItem {
    const c = countBySeverity(this.findings);
    const item = new vscode.TreeItem(vscode.l10n.t('Health'), this.findings.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = findingSummary(this.findings);
    item.tooltip = markdown(`${vscode.l10n.t('**Precheck of {0}**', md(this.context))}\n\n${vscode.l10n.t('{0}. Run *Precheck Cluster* for the full report.', findingSummary(this.findings))}`);
    item.contextValue = `istioCanary.group health${c.error ? ' errors' : ''}`;
    item.iconPath = c.error ? themeIcon('pulse', 'errorForeground') : c.warning ? themeIcon('pulse', 'charts.yellow') : themeIcon('pulse');
    item.accessibilityInformation = { label: vscode.l10n.t('Health, {0}', item.description) };
    return item;
  }

  override getChildren(): TreeNode[] {
    return sortFindings(this.findings).map((f) => new FindingNode(this, this.context, f));
  }
}
