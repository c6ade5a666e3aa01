/** Previews of the Helm and Sail install paths (pure): the commands in order, the values or patch as YAML. */
import * as l10n from '@vscode/l10n';
import * as yaml from 'js-yaml';
import type { HelmInstallPlan } from '../mesh/helmInstallPlan';
import type { InstallMethodGuess } from '../mesh/installMethod';
import type { SailWrite } from '../mesh/owners/sailWrites';
import { mdCode, mdCodeBlock, mdText } from '../mesh/markdownText';
import { shellCommand } from '../mesh/shellQuote';

function steps(list: readonly { title: string; argv: string[] }[]): string[] {
  return list.flatMap((s, i) => [`${i + 1}. ${mdText(s.title)}`, '', ...mdCodeBlock('sh', [shellCommand(s.argv)]).map((l) => `   ${l}`), '']);
}

export function helmInstallMarkdown(context: string, plan: HelmInstallPlan, guess: InstallMethodGuess): string {
  return [
    `# ${l10n.t('Install Istio {0} as revision {1} with Helm', mdText(plan.version), mdText(plan.revision))}`, '',
    l10n.t('Cluster {0} · proposed because: {1}', mdCode(context), mdText(guess.why)), '',
    `## ${l10n.t('Now')}`, '', ...steps(plan.steps),
    `## ${l10n.t('After the namespaces moved (Migrate, then Verify)')}`, '',
    ...(plan.later.length ? steps(plan.later) : [`_${l10n.t('Nothing read to change: no base release or old istiod release.')}_`, '']),
    `## ${l10n.t('Values')}`, '', ...mdCodeBlock('yaml', plan.valuesYaml.trimEnd().split('\n')), '',
    ...plan.notes.map((n) => `- ${mdText(n)}`), '',
  ].join('\n');
}

export function sailChangeMarkdown(context: string, write: SailWrite, note: string | undefined): string {
  return [
    `# ${mdText(write.summary)}`, '',
    l10n.t('Cluster {0}', mdCode(context)), '',
    `## ${l10n.t('Merge patch')}`, '',
    ...mdCodeBlock('yaml', yaml.dump(write.patch ?? {}, { lineWidth: -1 }).trimEnd().split('\n')), '',
    ...(note ? [mdText(note), ''] : []),
    l10n.t('Sail renders the new revision (istiod, injector webhook, Services) itself and prunes the old one once nothing uses it and its grace period has passed. Written with the field manager istio-canary-upgrades, journaled (Roll Back undoes it).'), '',
  ].join('\n');
}
