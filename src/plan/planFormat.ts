/**
 * The plan file format, field by field: one table that the parser checks against, that completion and hovers read,
 * and that the JSON Schema for the YAML extension is generated from (planJsonSchema.ts) — so the three cannot drift.
 */

export const PLAN_API_VERSION = 'istio-canary/v1';
export const PLAN_KIND = 'UpgradePlan';

export const STEP_KINDS = ['precheck', 'install', 'tag', 'wave', 'gateway', 'removeRevision'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const INSTALL_VIA = ['istioctl', 'helm', 'sail', 'manual'] as const;
export const TAG_ACTIONS = ['set', 'move', 'remove'] as const;
export const GATEWAY_MODES = ['inPlace', 'switch'] as const;

export type FieldType = 'string' | 'integer' | 'duration' | 'strings' | 'selector' | 'enum' | 'gates';

export interface FieldDoc {
  type: FieldType;
  doc: string;
  values?: readonly string[];
  required?: boolean;
  /** Shown in hovers and completion: what an absent field means. */
  default?: string;
  min?: number;
  max?: number;
}

export const TOP_FIELDS: Record<string, FieldDoc> = {
  apiVersion: { type: 'enum', values: [PLAN_API_VERSION], required: true, doc: `Always \`${PLAN_API_VERSION}\`.` },
  kind: { type: 'enum', values: [PLAN_KIND], required: true, doc: `Always \`${PLAN_KIND}\`.` },
  metadata: { type: 'string', doc: 'Optional: `name` and `description` of the plan, for the report.' },
  spec: { type: 'string', required: true, doc: 'The cluster, the revisions and the steps, run top to bottom.' },
};

export const METADATA_FIELDS: Record<string, FieldDoc> = {
  name: { type: 'string', doc: 'A name for the plan (the report\'s title).' },
  description: { type: 'string', doc: 'What the plan is for.' },
};

export const SPEC_FIELDS: Record<string, FieldDoc> = {
  context: { type: 'string', required: true, doc: 'The kubeconfig context the plan runs against (`apply --context` may name another).' },
  from: { type: 'string', required: true, doc: 'The revision being upgraded from (its namespaces move, then it is removed).' },
  to: { type: 'string', required: true, doc: 'The revision — or a tag — the namespaces move to. Steps default to it.' },
  steps: { type: 'string', required: true, doc: 'The steps, in order. Each is one of: ' + STEP_KINDS.join(', ') + '.' },
};

const TITLE: FieldDoc = { type: 'string', doc: 'A short title for the step (CodeLens, report).' };

export const STEP_DOCS: Record<StepKind, string> = {
  precheck: 'Reads the cluster and runs every precheck (skew, >2-minor jumps, webhooks, dangling labels, owners). Fails on an error finding (or a warning, with `failOn: warning`). Writes nothing.',
  install: 'Makes sure revision `revision` runs. Already installed and ready: nothing to do. Otherwise runs `command` (istioctl, helm or kubectl, found on PATH; an argument list, never a shell) and waits until its istiod is ready — or, `via: manual`, says what to run.',
  tag: 'Sets, moves or removes a revision tag, as `istioctl tag set|remove` renders it; journaled and undoable. A moved tag changes no pod until the namespaces using it restart (a wave).',
  wave: 'Moves namespaces to `to` (relabel, rollout restart, wait, verify), `concurrency` at a time, stopping at the first failed verification; then soaks and passes every gate (verify always). Namespaces as a list, a label selector or a glob.',
  gateway: 'Moves a gateway: `inPlace` sets `istio.io/rev` on its Deployment\'s pod template (it rolls by itself); `switch` points a Service\'s selector at a ready gateway Deployment of the new revision (blue/green).',
  removeRevision: 'Deletes the old revision\'s own objects (istiod, webhooks, Services, ConfigMaps), journaled and undoable; refused while anything still uses it.',
};

export const STEP_FIELDS: Record<StepKind, Record<string, FieldDoc>> = {
  precheck: {
    title: TITLE,
    failOn: { type: 'enum', values: ['error', 'warning'], default: 'error', doc: 'The lowest finding severity that fails the step.' },
  },
  install: {
    title: TITLE,
    revision: { type: 'string', default: 'spec.to', doc: 'The revision that must be running.' },
    version: { type: 'string', doc: 'The Istio version it runs, e.g. 1.25.1.' },
    via: { type: 'enum', values: INSTALL_VIA, required: true, doc: 'Who installs it: the tool that owns the control plane (istioctl, helm, sail — Sail\'s Istio resource, patched with kubectl) or `manual` (the step says what to run and waits for you).' },
    command: { type: 'strings', doc: 'The command to run, one argument per item (no shell): its program must be istioctl, helm or kubectl.' },
    timeout: { type: 'duration', default: '10m', doc: 'How long to wait for the new istiod to be ready.' },
  },
  tag: {
    title: TITLE,
    action: { type: 'enum', values: TAG_ACTIONS, required: true, doc: '`set` creates the tag, `move` points an existing tag at another revision, `remove` deletes it.' },
    tag: { type: 'string', required: true, doc: 'The tag name (a DNS-1123 label), e.g. prod.' },
    revision: { type: 'string', default: 'spec.to', doc: 'set / move: the revision the tag points at afterwards.' },
  },
  wave: {
    title: TITLE,
    namespaces: { type: 'strings', doc: 'The namespaces, by name, in order.' },
    selector: { type: 'selector', doc: 'A Kubernetes label selector (`matchLabels`, `matchExpressions`) choosing the namespaces.' },
    match: { type: 'string', doc: 'A glob on namespace names (`*` and `?`), e.g. `team-a-*`.' },
    to: { type: 'string', default: 'spec.to', doc: 'The revision or tag the namespaces are labelled with (`istio.io/rev`). A namespace already labelled with it is only restarted (after a tag move).' },
    concurrency: { type: 'integer', min: 1, max: 50, default: '1', doc: 'Namespaces migrated at once.' },
    soak: { type: 'duration', default: '0s', doc: 'How long to wait after the wave before its gates are checked, e.g. 10m. With the `traffic` gate, each namespace soaks this long after its restart before its traffic is judged (instead of istioCanary.gate.soakSeconds).' },
    gates: { type: 'gates', default: '[verify]', doc: 'Checks that must pass after the soak. `verify` (every pod on the target revision and version) is always on.' },
  },
  gateway: {
    title: TITLE,
    mode: { type: 'enum', values: GATEWAY_MODES, required: true, doc: '`inPlace` or `switch` (blue/green).' },
    namespace: { type: 'string', doc: 'inPlace: the gateway Deployment\'s namespace.' },
    deployment: { type: 'string', doc: 'inPlace: the gateway Deployment.' },
    revision: { type: 'string', default: 'spec.to', doc: 'inPlace: the revision or tag to set on its pod template.' },
    service: { type: 'string', doc: 'switch: the LoadBalancer Service, NAMESPACE/NAME.' },
    to: { type: 'string', doc: 'switch: the ready gateway Deployment of the new revision, NAMESPACE/NAME.' },
  },
  removeRevision: {
    title: TITLE,
    revision: { type: 'string', default: 'spec.from', doc: 'The revision to remove.' },
  },
};

/** Gates a wave can name. `verify` always runs; others are added here as they exist. */
export const WAVE_GATE_DOCS: Record<string, string> = {
  verify: 'Every pod of every workload in the wave runs a proxy of the target revision at its version, and no pod of an old ReplicaSet is left.',
  traffic: 'Traffic health from Prometheus: each restarted workload\'s 5xx ratio and p99 over a window before its restart against the same after it and a soak (istioCanary.gate.* settings; CLI: --prometheus, --gate-window, --max-5xx-increase, --max-p99-ratio, --min-requests, --gate-undecided). A breach stops the wave; not enough traffic asks (CLI: --gate-undecided). Without Prometheus the wave refuses before any write.',
};

export const SELECTOR_FIELDS: Record<string, FieldDoc> = {
  matchLabels: { type: 'string', doc: 'Labels the namespace must have, e.g. `team: payments`.' },
  matchExpressions: { type: 'string', doc: 'Requirements: `key`, `operator` (In, NotIn, Exists, DoesNotExist), `values`.' },
};
