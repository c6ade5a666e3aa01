/** The panel's actions, done with the same engine and journal as the commands. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { PanelActions } from '../webview/panelActions';
import { runMigration } from '../upgrade/migrationRunner';
import { restartPlan } from '../upgrade/restartPlan';
import { verifyNamespaces } from '../upgrade/verifyNamespaces';
import { verdictMarkdown } from '../views/planMarkdown';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { runWithProgress } from './runWithProgress';
import { reportOutcome } from './executeMigration';
import { showMarkdown } from './showMarkdown';

export function createPanelActions(ctx: CommandContext, reveal: (context: string, namespace: string) => Promise<boolean>): PanelActions {
  return {
    snapshot: (context) => ctx.fleet().cluster(context)?.snapshot,
    onDidChange: (context, listener) => ctx.onDidChangeClusters((contexts) => { if (contexts.includes(context)) listener(); }),
    restartWorkload: async (context, namespace, kind, name) => {
      const cluster = loadedCluster(ctx, context);
      const restart = vscode.l10n.t('Restart');
      const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Restart {0} {1} in {2}?', kind, `${namespace}/${name}`, context), {
        modal: true, detail: vscode.l10n.t('A rollout restart: its pods are replaced and get the proxy of the namespace\'s target revision.'),
      }, restart);
      if (ok !== restart) return;
      const plan = restartPlan(cluster.snapshot, [{ namespace, refs: [{ kind, namespace, name }] }]);
      const outcome = await runWithProgress(vscode.l10n.t('Restart {0}', name), (signal, onProgress, onNotice) =>
        runMigration({ client: cluster.client, journal: ctx.journal }, plan, { signal, onProgress, onNotice, command: 'restart', rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs }));
      reportOutcome(ctx, context, outcome);
    },
    verifyNamespaces: async (context, namespaces) => {
      const cluster = loadedCluster(ctx, context);
      const verdicts = await verifyNamespaces(cluster.client, namespaces);
      await showMarkdown(verdictMarkdown(context, verdicts));
    },
    revealNamespace: async (context, namespace) => {
      if (!(await reveal(context, namespace))) void vscode.window.showInformationMessage(vscode.l10n.t('Namespace {0} is not shown in the tree.', namespace));
    },
    saveReport: async (title, format, content) => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `${title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '')}.${format === 'yaml' ? 'yaml' : 'md'}`;
      const target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(path.join(process.cwd(), name)),
        filters: format === 'yaml' ? { YAML: ['yaml', 'yml'] } : { Markdown: ['md'] },
      });
      if (!target) return undefined;
      await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
      return target.fsPath;
    },
    log: (m) => ctx.log.warn(m),
  };
}
