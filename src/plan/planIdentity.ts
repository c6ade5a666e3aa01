/** Hashes that tie journal runs to a plan file and to one step of it (an edited step is a new step). */
import { createHash } from 'node:crypto';
import type { PlanStep, UpgradePlan } from './planTypes';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

export function planHash(text: string): string {
  return sha(text);
}

/** What the step says, with the plan fields its defaults come from — not where it is written, nor its title. */
export function stepHash(plan: UpgradePlan, step: PlanStep): string {
  const { span: _span, keySpan: _keySpan, at: _at, index: _index, title: _title, ...says } = step;
  return sha(JSON.stringify({ context: plan.context, from: plan.from, to: plan.to, step: says }));
}

/** "wave canary (b)", "tag move prod → 1-8-0" … for CodeLenses, the journal and the report. */
export function stepTitle(step: PlanStep): string {
  const what = ((): string => {
    switch (step.kind) {
      case 'precheck': return 'precheck';
      case 'install': return `install ${step.revision}${step.version ? ` (${step.version})` : ''} via ${step.via}`;
      case 'tag': return step.action === 'remove' ? `tag remove ${step.tag}` : `tag ${step.action} ${step.tag} → ${step.revision}`;
      case 'wave': return `wave${step.namespaces ? ` ${step.namespaces.join(', ')}` : step.match ? ` match ${step.match}` : ' (selector)'} → ${step.to}`;
      case 'gateway': return step.mode === 'switch'
        ? `gateway switch ${step.service ? `${step.service.namespace}/${step.service.name}` : '?'} → ${step.to ? step.to.name : '?'}`
        : `gateway ${step.namespace ?? '?'}/${step.deployment ?? '?'} → ${step.revision}`;
      case 'removeRevision': return `remove revision ${step.revision}`;
    }
  })();
  return step.title ? `${step.title}: ${what}` : what;
}
