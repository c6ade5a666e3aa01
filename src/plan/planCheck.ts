/**
 * Checks a parsed plan against the cluster model (pure): the context, revisions, tags, namespaces and gateways it
 * names; a jump of more than two minors; a namespace in two waves; what still uses the revision a step removes; an
 * owner that would revert a write. Each problem sits where the plan says the thing, with quick fixes where the fix
 * is obvious. The steps are walked in order over a PlanWorld, so later steps see what earlier ones did.
 */
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';
import { compareVersions, minorDistance } from '../mesh/versionSkew';
import { closest, replaceFixes } from './planFields';
import { fix, insertStepBefore, removeListItem } from './planEdits';
import { ownerProblems } from './planOwnerChecks';
import type { PlanFix, PlanProblem, PlanStep, Span, UpgradePlan, WaveStep } from './planTypes';
import { PlanWorld, type PlanModel } from './planWorld';
import { waveChoiceText, waveNamespaces } from './waveNamespaces';

export type { PlanModel } from './planWorld';

export interface CheckInput {
  text: string;
  plan: UpgradePlan;
  /** The contexts the kubeconfig defines (undefined: not known, not checked). */
  contexts?: readonly string[];
  /** The plan context's model; absent with `unavailable` saying why (not connected, unreachable …). */
  model?: PlanModel;
  unavailable?: string;
  /** Steps the journal shows done: the cluster already shows what they did, so they are not checked again. */
  done?: ReadonlySet<number>;
}

class Checker {
  readonly problems: PlanProblem[] = [];
  readonly world: PlanWorld;
  /** Namespace → the step of the wave that first moves it. */
  private readonly waveOf = new Map<string, number>();

  constructor(private readonly input: CheckInput, readonly model: PlanModel) {
    this.world = new PlanWorld(model);
  }

  add(severity: PlanProblem['severity'], code: string, message: string, span: Span, step?: number, fixes?: PlanFix[]): void {
    this.problems.push({ severity, code, message, span, ...(step ? { step } : {}), ...(fixes?.length ? { fixes } : {}) });
  }

  private revisionNames(): string[] {
    return [...this.world.revisions.keys()];
  }

  /** A revision (or, with `tags`, a tag) that must exist when the step runs. */
  private needRevision(name: string, span: Span, step: number | undefined, what: string, tags = false): boolean {
    if (this.world.revisions.has(name)) return true;
    const tag = this.world.tags.get(name);
    if (tags && tag !== undefined) {
      if (this.world.revisions.has(tag)) return true;
      this.add('error', 'dangling-tag', `${what}: tag ${name} points at ${tag}, which does not exist${step ? ' when this step runs' : ''}: nothing would inject the pods`, span, step);
      return false;
    }
    const known = tags ? [...this.revisionNames(), ...this.world.tags.keys()] : this.revisionNames();
    const near = closest(name, known);
    this.add('error', tags ? 'unknown-target' : 'unknown-revision',
      `${what}: ${name} is not ${tags ? 'a revision or tag' : 'a revision'} of ${this.model.snapshot.context}${step ? ' when this step runs' : ''} (${known.length ? `known: ${known.join(', ')}` : 'none installed'})`,
      span, step, replaceFixes(span, near.length ? near : known.slice(0, 5)));
    return false;
  }

  header(): void {
    const { plan } = this.input;
    const installs = new Set(plan.steps.filter((s) => s.kind === 'install').map((s) => (s as { revision: string }).revision));
    const removedFrom = plan.steps.some((s) => s.kind === 'removeRevision' && s.revision === plan.from && this.input.done?.has(s.index));
    if (plan.from && plan.at.from && !removedFrom) this.needRevision(plan.from, plan.at.from, undefined, 'from');
    if (plan.to && plan.at.to && !installs.has(plan.to)) this.needRevision(plan.to, plan.at.to, undefined, 'to', true);
    const fromV = this.world.versionOf(plan.from);
    const toStep = plan.steps.find((s) => s.kind === 'install' && s.revision === (this.world.tags.get(plan.to) ?? plan.to));
    const toV = this.world.versionOf(plan.to) ?? (toStep?.kind === 'install' ? toStep.version : undefined);
    const jump = minorDistance(fromV, toV);
    if (jump !== undefined && jump > 2 && plan.at.to) {
      this.add('error', 'minor-jump', `${plan.from} (${fromV}) → ${plan.to} (${toV}) jumps ${jump} minors: Istio supports canary upgrades of at most two minors at a time — upgrade to an intermediate version first`, plan.at.to);
    } else if (fromV && toV && compareVersions(toV, fromV) < 0 && plan.at.to) {
      this.add('warning', 'downgrade', `${plan.to} (${toV}) is older than ${plan.from} (${fromV}): this plan downgrades`, plan.at.to);
    }
  }

  step(s: PlanStep): void {
    if (this.input.done?.has(s.index)) {
      this.world.apply(s, s.kind === 'wave' ? waveNamespaces(s, this.model.snapshot.namespaces) : []);
      if (s.kind === 'wave') for (const n of waveNamespaces(s, this.model.snapshot.namespaces)) if (!this.waveOf.has(n)) this.waveOf.set(n, s.index);
      return;
    }
    switch (s.kind) {
      case 'install': {
        if (this.world.tags.has(s.revision)) this.add('error', 'revision-is-tag', `${s.revision} is a tag: istioctl refuses a revision named like a tag`, s.at.revision ?? s.keySpan, s.index);
        const have = this.model.snapshot.revisions.find((r) => r.name === s.revision);
        if (have) {
          this.add('info', 'installed', `${s.revision} is installed (${have.version ?? 'version unknown'}, ready ${have.readyReplicas}/${have.desiredReplicas}): this step only checks that it is ready`, s.keySpan, s.index);
          if (s.version && have.version && compareVersions(s.version, have.version) !== 0) this.add('warning', 'version-differs', `${s.revision} runs ${have.version}, not ${s.version}`, s.at.version ?? s.keySpan, s.index);
        }
        break;
      }
      case 'tag':
        // A tag step the cluster would refuse changes nothing: later steps see the tag where it was.
        if (!this.tagStep(s)) return;
        break;
      case 'wave':
        this.wave(s);
        return;
      case 'gateway':
        this.gateway(s);
        break;
      case 'removeRevision':
        this.removal(s);
        break;
      case 'precheck':
        break;
    }
    this.world.apply(s);
  }

  /** False when the step would be refused. */
  private tagStep(s: Extract<PlanStep, { kind: 'tag' }>): boolean {
    const before = this.problems.filter((p) => p.severity === 'error').length;
    const exists = this.world.tags.has(s.tag);
    const action = s.at.action ?? s.keySpan;
    if (s.action === 'set' && exists) this.add('warning', 'tag-exists', `tag ${s.tag} already exists (→ ${this.world.tags.get(s.tag)}): set refuses to overwrite it; use move`, action, s.index, [fix('Change to move', { span: action, text: 'move' })]);
    if (s.action === 'move' && !exists) this.add('error', 'unknown-tag', `tag ${s.tag} does not exist when this step runs: there is nothing to move; use set`, s.at.tag ?? s.keySpan, s.index, s.at.action ? [fix('Change to set', { span: s.at.action, text: 'set' })] : []);
    if (s.action === 'remove' && !exists) this.add('warning', 'unknown-tag', `tag ${s.tag} does not exist when this step runs: nothing to remove`, s.at.tag ?? s.keySpan, s.index);
    if (s.action !== 'remove') {
      if (this.world.tags.has(s.revision) && !this.world.revisions.has(s.revision)) {
        this.add('error', 'dangling-tag', `tag ${s.tag} would point at ${s.revision}, which is a tag, not a revision: it would point at nothing`, s.at.revision ?? s.keySpan, s.index, replaceFixes(s.at.revision ?? s.keySpan, [this.world.tags.get(s.revision) ?? ''].filter(Boolean)));
      } else if (!this.world.revisions.has(s.revision)) {
        const known = this.revisionNames();
        this.add('error', 'dangling-tag', `tag ${s.tag} would point at ${s.revision}, which does not exist when this step runs (known: ${known.join(', ') || 'none'}): pods using the tag would get no proxy`, s.at.revision ?? s.keySpan, s.index, s.at.revision ? replaceFixes(s.at.revision, closest(s.revision, known).length ? closest(s.revision, known) : known.slice(0, 5)) : []);
      }
    }
    return this.problems.filter((p) => p.severity === 'error').length === before;
  }

  private wave(s: WaveStep): void {
    const snapshot = this.model.snapshot;
    const names = waveNamespaces(s, snapshot.namespaces);
    const known = snapshot.namespaces.map((n) => n.name);
    s.namespaces?.forEach((name, i) => {
      const span = s.at[`namespaces.${i}`] ?? s.keySpan;
      if (SYSTEM_NAMESPACES.has(name)) {
        this.add('error', 'system-namespace', `${name}: Istio never injects kube-system, kube-public or kube-node-lease`, span, s.index, [fix(`Remove ${name} from the wave`, removeListItem(this.input.text, span))]);
      } else if (!known.includes(name)) {
        const near = closest(name, known);
        this.add('error', 'unknown-namespace', `namespace ${name} does not exist in ${snapshot.context}`, span, s.index, [
          ...replaceFixes(span, near), fix(`Remove ${name} from the wave`, removeListItem(this.input.text, span))]);
      }
    });
    if (!s.namespaces && names.length === 0) this.add('warning', 'empty-wave', `${waveChoiceText(s)} matches no namespace of ${snapshot.context} now`, s.at.selector ?? s.at.match ?? s.keySpan, s.index);
    this.needRevision(s.to, s.at.to ?? s.keySpan, s.index, 'to', true);
    names.forEach((name) => {
      const earlier = this.waveOf.get(name);
      if (earlier === undefined) return;
      const i = s.namespaces?.indexOf(name) ?? -1;
      const span = i >= 0 ? s.at[`namespaces.${i}`] ?? s.keySpan : s.keySpan;
      this.add('error', 'namespace-twice', `namespace ${name} is in two waves (step ${earlier} and this one)`, span, s.index,
        i >= 0 ? [fix(`Remove ${name} from this wave`, removeListItem(this.input.text, span))] : []);
    });
    const existing = names.filter((n) => known.includes(n));
    for (const n of existing) if (!this.waveOf.has(n)) this.waveOf.set(n, s.index);
    this.problems.push(...ownerProblems(this.model, s, existing));
    this.world.apply(s, existing);
  }

  private gateway(s: Extract<PlanStep, { kind: 'gateway' }>): void {
    const gateways = this.model.gateways;
    if (s.mode === 'inPlace' && s.namespace && s.deployment) {
      const g = gateways.find((x) => x.namespace === s.namespace && x.name === s.deployment);
      if (!g) {
        const names = gateways.filter((x) => x.namespace === s.namespace).map((x) => x.name);
        this.add('error', 'unknown-gateway', `no gateway Deployment ${s.namespace}/${s.deployment} in ${this.model.snapshot.context}${names.length ? ` (gateways there: ${names.join(', ')})` : ''}`, s.at.deployment ?? s.keySpan, s.index, s.at.deployment ? replaceFixes(s.at.deployment, closest(s.deployment, names).length ? closest(s.deployment, names) : names.slice(0, 3)) : []);
      }
      this.needRevision(s.revision, s.at.revision ?? s.keySpan, s.index, 'revision', true);
      this.problems.push(...ownerProblems(this.model, s, []));
    }
    if (s.mode === 'switch' && s.service && s.to) {
      const svc = s.service;
      if (!gateways.some((g) => g.namespace === svc.namespace && g.services.includes(svc.name))) {
        this.add('warning', 'unknown-service', `no Service ${svc.namespace}/${svc.name} selecting a gateway was found`, s.at.service ?? s.keySpan, s.index);
      }
      const to = s.to;
      const target = gateways.find((g) => g.namespace === to.namespace && g.name === to.name);
      if (!target) this.add('error', 'unknown-gateway', `no gateway Deployment ${to.namespace}/${to.name} to switch to`, s.at.to ?? s.keySpan, s.index);
      else if (!target.ready) this.add('warning', 'gateway-not-ready', `gateway ${to.namespace}/${to.name} is not ready now (${target.readyReplicas}/${target.replicas}): the switch waits for it to be`, s.at.to ?? s.keySpan, s.index);
    }
  }

  private removal(s: Extract<PlanStep, { kind: 'removeRevision' }>): void {
    const span = s.at.revision ?? s.keySpan;
    if (!this.needRevision(s.revision, span, s.index, 'revision')) return;
    for (const [tag, rev] of this.world.tags) {
      if (rev === s.revision) this.add('error', 'tag-still-on-revision', `tag ${tag} still points at ${s.revision} when this step runs: move or remove it in an earlier step`, span, s.index);
    }
    const still = this.world.stillOn(s.revision);
    if (still.length) {
      const target = this.input.plan.to;
      this.add('error', 'namespaces-still-bound', `${still.length === 1 ? 'namespace' : 'namespaces'} ${still.join(', ')} still ${still.length === 1 ? 'injects' : 'inject'} with ${s.revision} (or ${still.length === 1 ? 'runs' : 'run'} its proxies) when this step runs: the removal would be refused — add a wave for ${still.length === 1 ? 'it' : 'them'} before`, span, s.index,
        [fix(`Add a wave for ${still.join(', ')} before this step`, insertStepBefore(this.input.text, s.span.start, 'wave', [`namespaces: [${still.join(', ')}]`, `to: ${target}`]))]);
    }
    if (this.model.snapshot.defaultRevision?.name === s.revision && ![...this.world.tags.entries()].some(([t, r]) => t === 'default' && r !== s.revision)) {
      this.add('warning', 'default-revision', `${s.revision} is the default revision: removal is refused until another revision is the default (e.g. a tag step: set default → ${this.input.plan.to})`, span, s.index);
    }
    for (const g of this.world.gatewaysOn(s.revision)) {
      this.add('warning', 'gateway-still-on-revision', `gateway ${g.namespace}/${g.name} still runs ${s.revision} when this step runs: the removal is refused while its pods use it — add a gateway step before`, span, s.index);
    }
    this.problems.push(...ownerProblems(this.model, s, []));
  }
}

/** Problems of `plan` against the cluster (the structural ones come from parsePlan). */
export function checkPlan(input: CheckInput): PlanProblem[] {
  const { plan } = input;
  const contextSpan = plan.at.context ?? plan.at.spec ?? { start: 0, end: 0 };
  if (input.contexts && plan.context && !input.contexts.includes(plan.context)) {
    const near = closest(plan.context, input.contexts);
    return [{
      severity: 'error', code: 'unknown-context', span: contextSpan,
      message: `context ${plan.context} is not in the kubeconfig (${input.contexts.length ? `known: ${input.contexts.slice(0, 8).join(', ')}${input.contexts.length > 8 ? ', …' : ''}` : 'no contexts'})`,
      fixes: replaceFixes(contextSpan, near.length ? near : input.contexts.slice(0, 5)),
    }];
  }
  if (!input.model) {
    return input.unavailable ? [{ severity: 'info', code: 'not-checked', message: `not checked against the cluster: ${input.unavailable}`, span: contextSpan }] : [];
  }
  const c = new Checker(input, input.model);
  c.header();
  for (const s of plan.steps) c.step(s);
  return c.problems;
}
