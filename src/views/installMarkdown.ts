/** Previews of the Helm and Sail install paths (pure): the commands in order, the values or patch as YAML. */
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
    `# Install Istio ${mdText(plan.version)} as revision ${mdText(plan.revision)} with Helm`, '',
    `Cluster ${mdCode(context)} · proposed because: ${mdText(guess.why)}`, '',
    '## Now', '', ...steps(plan.steps),
    '## After the namespaces moved (Migrate, then Verify)', '', ...(plan.later.length ? steps(plan.later) : ['_Nothing read to change: no base release or old istiod release._', '']),
    '## Values', '', ...mdCodeBlock('yaml', plan.valuesYaml.trimEnd().split('\n')), '',
    ...plan.notes.map((n) => `- ${mdText(n)}`), '',
  ].join('\n');
}

export function sailChangeMarkdown(context: string, write: SailWrite, note: string | undefined): string {
  return [
    `# ${mdText(write.summary)}`, '',
    `Cluster ${mdCode(context)}`, '',
    '## Merge patch', '',
    ...mdCodeBlock('yaml', yaml.dump(write.patch ?? {}, { lineWidth: -1 }).trimEnd().split('\n')), '',
    ...(note ? [mdText(note), ''] : []),
    'Sail renders the new revision (istiod, injector webhook, Services) itself and prunes the old one once nothing uses it and its grace period has passed. Written with the field manager istio-canary-upgrades, journaled (Roll Back undoes it).', '',
  ].join('\n');
}
