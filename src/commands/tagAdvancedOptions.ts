/**
 * "Advanced Options…" of Set Revision Tag: istioctl tag set's --webhook-name and --auto-inject-namespaces, asked
 * only when the user picks the button in the confirm dialog (the plain path never shows them).
 */
import * as vscode from 'vscode';
import type { ClusterInventory } from '../mesh/kubeObjects';
import { AUTO_ENTRY_NAME, AUTO_INJECT_EXCLUDED_NAMESPACES } from '../mesh/tagRender';
import { webhookNameProblem, type TagSetOptions } from '../mesh/tagOptions';
import type { TagSetPlan } from '../mesh/tagPlan';
import { answered, type StepInput } from '../ui/multiStepInput';
import { askSteps } from './pickerSteps';

/** The confirm dialog's button (and the comparison with its answer). */
export const advancedOptionsButton = (): string => vscode.l10n.t('Advanced Options…');

/** istioctl's flag: shown as it is. */
const AUTO_INJECT_FLAG = '--auto-inject-namespaces';

export type TagAdvancedOptions = Pick<TagSetOptions, 'webhookName' | 'autoInjectNamespaces'>;

type OptionItem = vscode.QuickPickItem & { option: 'webhookName' | 'autoInject' };

/** Detail lines for the confirm dialog: the options in effect, when they differ from the plain path. */
export function advancedOptionLines(plan: TagSetPlan, options: TagAdvancedOptions): string[] {
  const lines: string[] = [];
  if (options.webhookName !== undefined) lines.push(vscode.l10n.t('Webhook name: {0} (--webhook-name)', plan.webhookName));
  if (plan.autoInjectNamespaces) lines.push(vscode.l10n.t('Injects namespaces by default: {0} (--auto-inject-namespaces)', AUTO_ENTRY_NAME));
  return lines;
}

/** A MutatingWebhookConfiguration of that name that is not one of `tag`'s (the planner refuses it too). */
function takenProblem(inventory: ClusterInventory, tag: string, name: string): string | undefined {
  const other = inventory.mutatingWebhooks.find((m) => m.metadata.name === name);
  if (!other || other.metadata.labels?.['istio.io/tag'] === tag) return undefined;
  return vscode.l10n.t('MutatingWebhookConfiguration {0} already exists and is not a webhook of tag {1}.', name, tag);
}

/** Asks for the options; undefined when the user backs out (the caller keeps what it had). */
export async function pickTagAdvancedOptions(inventory: ClusterInventory, plan: TagSetPlan, current: TagAdvancedOptions): Promise<TagAdvancedOptions | undefined> {
  const items: OptionItem[] = [{
    option: 'webhookName',
    label: vscode.l10n.t('Custom webhook name'),
    description: vscode.l10n.t('--webhook-name (now {0})', plan.webhookName),
    detail: vscode.l10n.t('Name the tag\'s MutatingWebhookConfiguration yourself. Tags are found by their istio.io/tag label, so moving and removing it still work.'),
    picked: current.webhookName !== undefined,
  }];
  if (plan.tag === 'default') {
    items.push({
      option: 'autoInject',
      label: vscode.l10n.t('Inject namespaces by default'),
      description: AUTO_INJECT_FLAG,
      detail: vscode.l10n.t('Adds {0}: pods in namespaces with neither istio-injection nor istio.io/rev get a sidecar (not {1}).', AUTO_ENTRY_NAME, AUTO_INJECT_EXCLUDED_NAMESPACES.join(', ')),
      picked: plan.autoInjectNamespaces,
    });
  }
  // Two steps with Back: the options, then (when "Custom webhook name" is checked) the name.
  const state: { chosen?: Set<OptionItem['option']>; webhookName?: string } = { webhookName: current.webhookName };
  const answers = await askSteps(vscode.l10n.t('Advanced options for tag {0} (istioctl tag set flags)', plan.tag), [
    {
      run: async (input: StepInput, st: typeof state) => answered(await input.pickMany({
        placeholder: plan.tag === 'default' ? vscode.l10n.t('Check the options to use') : vscode.l10n.t('Check the option to use (--auto-inject-namespaces only applies to the default tag)'),
        items, allowNone: true, isChosen: (i) => (st.chosen ? st.chosen.has(i.option) : i.picked === true),
      }), (v) => { st.chosen = new Set(v.map((p) => p.option)); }),
    },
    {
      when: (st: typeof state) => st.chosen === undefined || st.chosen.has('webhookName'),
      run: async (input: StepInput, st: typeof state) => answered(await input.text({
        title: vscode.l10n.t('Webhook name for tag {0}', plan.tag),
        prompt: vscode.l10n.t('Name of the tag\'s MutatingWebhookConfiguration (istioctl --webhook-name)'),
        value: st.webhookName ?? plan.webhookName,
        validate: (v) => webhookNameProblem(v.trim()) ?? takenProblem(inventory, plan.tag, v.trim()),
      }), (v) => { st.webhookName = v.trim(); }),
    },
  ], state);
  if (!answers?.chosen) return undefined;
  const next: TagAdvancedOptions = { autoInjectNamespaces: plan.tag === 'default' ? answers.chosen.has('autoInject') : undefined };
  if (answers.chosen.has('webhookName')) next.webhookName = answers.webhookName;
  return next;
}
