/**
 * Plan file text → UpgradePlan, with every structural problem at its place in the text (pure; the cluster checks
 * are planCheck.ts). A plan with problems still comes back when its steps could be read, so the editor can show
 * CodeLenses and the other diagnostics while the user fixes a typo.
 */
import type { LabelSelector } from '../mesh/kubeObjects';
import { isDns1123Label, isValidLabelValue } from '../mesh/labelValue';
import { closest, ProblemSink, readFields, replaceFixes, type ReadFields } from './planFields';
import {
  METADATA_FIELDS, PLAN_API_VERSION, PLAN_KIND, SPEC_FIELDS, STEP_FIELDS, STEP_KINDS, TOP_FIELDS, type StepKind,
} from './planFormat';
import type { PlanProblem, PlanStep, Span, UpgradePlan } from './planTypes';
import { entryOf, isNull, keyText, parseYamlTree, type MapNode, type YNode } from './yamlTree';

export interface ParsedPlan {
  plan?: UpgradePlan;
  problems: PlanProblem[];
}

const DEFAULT_INSTALL_TIMEOUT_MS = 600_000;

function str(r: ReadFields, key: string): string | undefined {
  const v = r.values[key];
  return typeof v === 'string' ? v : undefined;
}

function ref(text: string | undefined, span: Span | undefined, what: string, sink: ProblemSink, step: number): { namespace: string; name: string } | undefined {
  if (text === undefined) return undefined;
  const parts = text.split('/');
  if (parts.length !== 2 || !isDns1123Label(parts[0]) || !parts[1]) {
    sink.add('error', 'bad-value', `${what} must be NAMESPACE/NAME, e.g. istio-system/istio-ingressgateway`, span ?? { start: 0, end: 0 }, { step });
    return undefined;
  }
  return { namespace: parts[0], name: parts[1] };
}

function checkRevisionName(value: string, span: Span | undefined, what: string, sink: ProblemSink, step?: number): void {
  if (!isValidLabelValue(value) || value === '') sink.add('error', 'bad-name', `${what} ${JSON.stringify(value)} is not a valid revision or tag name (a label value: letters, digits, '-', '_', '.', at most 63)`, span ?? { start: 0, end: 0 }, { step });
}

function readStep(item: YNode, index: number, plan: { from: string; to: string }, sink: ProblemSink): PlanStep | undefined {
  if (item.kind !== 'map' || item.entries.length === 0) {
    sink.add('error', 'bad-step', `step ${index} must be one of: ${STEP_KINDS.map((k) => `\`${k}:\``).join(', ')}`, item.span, { step: index });
    return undefined;
  }
  const [first, ...rest] = item.entries;
  const kind = keyText(first);
  if (rest.length) {
    sink.add('error', 'bad-step', `step ${index} has ${item.entries.length} keys: a step is one key (its kind) with its fields indented below it`, rest[0].key.span, { step: index });
  }
  if (!kind || !(STEP_KINDS as readonly string[]).includes(kind)) {
    const near = kind ? closest(kind, STEP_KINDS) : [];
    sink.add('error', 'unknown-step', `${kind ?? 'this'} is not a step kind (${STEP_KINDS.join(', ')})`, first.key.span, { step: index, fixes: replaceFixes(first.key.span, near.length ? near : STEP_KINDS) });
    return undefined;
  }
  const k = kind as StepKind;
  const r = readFields(first.value, STEP_FIELDS[k], k, first.key.span, sink, index);
  const base = { index, title: str(r, 'title'), span: item.span, keySpan: first.key.span, at: r.at };
  switch (k) {
    case 'precheck':
      return { ...base, kind: k, failOn: str(r, 'failOn') === 'warning' ? 'warning' : 'error' };
    case 'install': {
      const revision = str(r, 'revision') ?? plan.to;
      checkRevisionName(revision, r.at.revision, 'revision', sink, index);
      const via = (str(r, 'via') ?? 'manual') as 'istioctl' | 'helm' | 'sail' | 'manual';
      const command = (r.values.command as string[] | undefined) ?? [];
      if (via !== 'manual' && command.length === 0) sink.add('error', 'missing-field', `install via ${via} needs command: the ${via === 'sail' ? 'kubectl' : via} command to run, one argument per item`, first.key.span, { step: index });
      return { ...base, kind: k, revision, version: str(r, 'version'), via, command, timeoutMs: (r.values.timeout as number | undefined) ?? DEFAULT_INSTALL_TIMEOUT_MS };
    }
    case 'tag': {
      const tag = str(r, 'tag') ?? '';
      if (tag && !isDns1123Label(tag)) sink.add('error', 'bad-name', `tag ${JSON.stringify(tag)} is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)`, r.at.tag, { step: index });
      const action = (str(r, 'action') ?? 'move') as 'set' | 'move' | 'remove';
      if (action === 'remove' && r.at.revision) sink.add('warning', 'ignored-field', 'tag remove takes no revision: it is ignored', r.at.revision, { step: index });
      const revision = str(r, 'revision') ?? plan.to;
      if (action !== 'remove') checkRevisionName(revision, r.at.revision, 'revision', sink, index);
      return { ...base, kind: k, action, tag, revision };
    }
    case 'wave': {
      const ways = ['namespaces', 'selector', 'match'].filter((x) => r.at[x]);
      if (ways.length !== 1) {
        sink.add('error', ways.length ? 'wave-choice' : 'missing-field', ways.length ? `a wave chooses its namespaces one way: ${ways.join(' or ')}, not both` : 'a wave needs namespaces (a list), selector (labels) or match (a glob)', first.key.span, { step: index });
      }
      const namespaces = r.values.namespaces as string[] | undefined;
      namespaces?.forEach((n, i) => {
        if (!isDns1123Label(n)) sink.add('error', 'bad-name', `${JSON.stringify(n)} is not a namespace name (a DNS-1123 label)`, r.at[`namespaces.${i}`], { step: index });
      });
      const to = str(r, 'to') ?? plan.to;
      checkRevisionName(to, r.at.to, 'to', sink, index);
      const gates = [...new Set(['verify', ...((r.values.gates as string[] | undefined) ?? [])])];
      return {
        ...base, kind: k, ...(namespaces ? { namespaces } : {}), ...(r.values.selector ? { selector: r.values.selector as LabelSelector } : {}),
        ...(str(r, 'match') ? { match: str(r, 'match') } : {}), to,
        concurrency: (r.values.concurrency as number | undefined) ?? 1, soakMs: (r.values.soak as number | undefined) ?? 0, gates,
      };
    }
    case 'gateway': {
      const mode = (str(r, 'mode') ?? 'inPlace') as 'inPlace' | 'switch';
      const needs = mode === 'inPlace' ? ['namespace', 'deployment'] : ['service', 'to'];
      const wrong = mode === 'inPlace' ? ['service', 'to'] : ['namespace', 'deployment', 'revision'];
      for (const n of needs) if (!r.at[n]) sink.add('error', 'missing-field', `gateway mode ${mode} needs ${n}: ${STEP_FIELDS.gateway[n].doc}`, first.key.span, { step: index });
      for (const n of wrong) if (r.at[n]) sink.add('warning', 'ignored-field', `gateway mode ${mode} ignores ${n}`, r.at[n], { step: index });
      return {
        ...base, kind: k, mode, namespace: str(r, 'namespace'), deployment: str(r, 'deployment'), revision: str(r, 'revision') ?? plan.to,
        service: ref(str(r, 'service'), r.at.service, 'service', sink, index), to: ref(str(r, 'to'), r.at.to, 'to', sink, index),
      };
    }
    case 'removeRevision': {
      const revision = str(r, 'revision') ?? plan.from;
      checkRevisionName(revision, r.at.revision, 'revision', sink, index);
      return { ...base, kind: k, revision };
    }
  }
}

function readHeader(root: MapNode, sink: ProblemSink): void {
  const start = { start: 0, end: 0 };
  for (const [key, value] of [['apiVersion', PLAN_API_VERSION], ['kind', PLAN_KIND]] as const) {
    const e = entryOf(root, key);
    if (!e) {
      sink.add('error', 'missing-field', `${key}: ${value} is missing: this file is not recognised as an upgrade plan`, start, { fixes: [{ title: `Add ${key}: ${value}`, edits: [{ span: start, text: `${key}: ${value}\n` }] }] });
    } else if (e.value.kind !== 'scalar' || e.value.value !== value) {
      sink.add('error', 'bad-value', `${key} must be ${value}`, e.value.span, { fixes: [{ title: `Change to ${value}`, edits: [{ span: e.value.span, text: value }] }] });
    }
  }
  // Unknown top-level keys only: the required ones are checked here and by parsePlan, each once.
  const known = Object.fromEntries(Object.entries(TOP_FIELDS).map(([k, f]) => [k, { ...f, required: false }]));
  readFields(root, known, 'the plan', start, sink, undefined, new Set(['apiVersion', 'kind', 'metadata', 'spec']));
}

/** Parses a plan file. `plan` is absent only when there is no `spec` with a `steps` list to read. */
export function parsePlan(text: string): ParsedPlan {
  const sink = new ProblemSink();
  const tree = parseYamlTree(text);
  if (!tree.ok) {
    sink.add('error', 'yaml', tree.message, { start: tree.offset, end: Math.min(text.length, tree.offset + 1) });
    return { problems: sink.problems };
  }
  if (!tree.root || tree.root.kind !== 'map') {
    sink.add('error', 'bad-plan', `an upgrade plan is a mapping: apiVersion: ${PLAN_API_VERSION}, kind: ${PLAN_KIND}, spec: …`, tree.root?.span ?? { start: 0, end: 0 });
    return { problems: sink.problems };
  }
  const root = tree.root;
  readHeader(root, sink);
  const meta = entryOf(root, 'metadata');
  const m = meta ? readFields(meta.value, METADATA_FIELDS, 'metadata', meta.key.span, sink) : undefined;
  const specEntry = entryOf(root, 'spec');
  if (!specEntry || specEntry.value.kind !== 'map') {
    sink.add('error', 'missing-field', 'spec is missing: it holds context, from, to and steps', specEntry?.key.span ?? { start: 0, end: 0 });
    return { problems: sink.problems };
  }
  const spec = readFields(specEntry.value, SPEC_FIELDS, 'spec', specEntry.key.span, sink, undefined, new Set(['steps']));
  const context = str(spec, 'context') ?? '';
  const from = str(spec, 'from') ?? '';
  const to = str(spec, 'to') ?? '';
  if (from) checkRevisionName(from, spec.at.from, 'from', sink);
  if (to) checkRevisionName(to, spec.at.to, 'to', sink);
  const stepsNode = entryOf(specEntry.value, 'steps')?.value;
  if (!stepsNode || (stepsNode.kind !== 'seq' && !isNull(stepsNode))) {
    if (stepsNode) sink.add('error', 'bad-value', 'steps must be a list: one `- <kind>:` per step', stepsNode.span);
    return { problems: sink.problems };
  }
  const items = stepsNode.kind === 'seq' ? stepsNode.items : [];
  if (items.length === 0) sink.add('warning', 'no-steps', 'the plan has no steps', stepsNode.span);
  const steps = items.map((item, i) => readStep(item, i + 1, { from, to }, sink)).filter((s): s is PlanStep => s !== undefined);
  const plan: UpgradePlan = {
    ...(m && typeof m.values.name === 'string' ? { name: m.values.name } : {}),
    ...(m && typeof m.values.description === 'string' ? { description: m.values.description } : {}),
    context, from, to, steps, at: { ...spec.at, steps: stepsNode.span, spec: specEntry.key.span },
  };
  return { plan, problems: sink.problems };
}
