/**
 * Removing an old revision (pure): refuse with everything that still uses it, or list exactly the revision-scoped
 * objects `istioctl uninstall --revision` would prune (istio-model.md M2, M7.8) — never CRDs, the default validator or other
 * cluster-scoped objects shared with other control planes.
 */
import type { ClusterInventory } from './kubeObjects';
import type { ManagedBy, MeshSnapshot } from './model';
import { DEFAULT_VALIDATOR, LABEL_REV } from './labels';
import { findGateways } from './gateways';
import { shellCommand } from './shellQuote';
import { mdCode, mdCodeBlock, mdText } from './markdownText';
import { ownerContextOf, ownerInInventory } from './owners/writeOwners';
import { ownerText } from './owners/ownerText';

export type RemovalBlocker =
  | { kind: 'default' }
  | { kind: 'tag'; tag: string }
  | { kind: 'namespace'; namespace: string; via?: string }
  | { kind: 'pod'; namespace: string; pod: string }
  | { kind: 'gateway'; namespace: string; name: string; why: string };

export type RemovableKind = 'deployments' | 'services' | 'configmaps' | 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations';

export interface RemovalObject {
  kind: RemovableKind;
  namespace?: string;
  name: string;
  /** Who keeps it (Helm release, Sail…), when the inventory held its owners. */
  owner?: ManagedBy;
}

export interface ByHandObject {
  kind: string;
  namespace?: string;
  name: string;
  why: string;
}

export interface RemovalPlan {
  context: string;
  revision: string;
  version?: string;
  istioNamespace: string;
  /** In deletion order: webhooks first (no new pod reaches a dying istiod), then istiod, its Service, ConfigMaps. */
  objects: RemovalObject[];
  byHand: ByHandObject[];
  istioctlArgs: string[];
  istioctl: string;
  warnings: string[];
}

export type RemovalResult =
  | { ok: true; plan: RemovalPlan }
  | { ok: false; revision: string; error: string; blockers: RemovalBlocker[] };

export function blockerText(b: RemovalBlocker): string {
  switch (b.kind) {
    case 'default': return 'it is the default revision (istio-injection=enabled, sidecar.istio.io/inject=true and revisionless gateways follow it) — make another revision the default first';
    case 'tag': return `tag ${b.tag} points at it — move or delete the tag first`;
    case 'namespace': return `namespace ${b.namespace} injects with it${b.via ? ` (through tag ${b.via})` : ''} — migrate it first`;
    case 'pod': return `pod ${b.namespace}/${b.pod} carries its proxy — restart it onto another revision first`;
    case 'gateway': return `gateway ${b.namespace}/${b.name} ${b.why}`;
  }
}

function blockersOf(inv: ClusterInventory, snapshot: MeshSnapshot, revision: string): RemovalBlocker[] {
  const rev = snapshot.revisions.find((r) => r.name === revision);
  const out: RemovalBlocker[] = [];
  for (const reason of rev?.inUse ?? []) {
    if (reason.kind === 'namespace') {
      const tag = snapshot.namespaces.find((n) => n.name === reason.namespace)?.target?.tag;
      out.push(tag ? { kind: 'namespace', namespace: reason.namespace, via: tag } : { kind: 'namespace', namespace: reason.namespace });
    } else {
      out.push(reason);
    }
  }
  for (const g of findGateways(inv, snapshot)) {
    if (g.revision !== revision) continue;
    const why = g.revisionSource === 'default-revision'
      ? 'has no istio.io/rev and follows the default revision: it would lose its control plane on its next restart — set istio.io/rev on it first'
      : g.revisionSource === 'pod-template'
        ? `has istio.io/rev=${g.selectedBy ?? revision} on its pod template — move it to another revision first`
        : `is in namespace ${g.namespace}, bound to this revision — move it first`;
    out.push({ kind: 'gateway', namespace: g.namespace, name: g.name, why });
  }
  return out;
}

export function planRevisionRemoval(inv: ClusterInventory, snapshot: MeshSnapshot, revision: string): RemovalResult {
  const rev = snapshot.revisions.find((r) => r.name === revision);
  if (!rev) return { ok: false, revision, error: `No revision "${revision}" in ${snapshot.context}.`, blockers: [] };
  const blockers = blockersOf(inv, snapshot, revision);
  if (blockers.length) {
    return { ok: false, revision, blockers, error: `Revision ${revision} is still in use (${blockers.length} reason${blockers.length === 1 ? '' : 's'}):\n${blockers.map((b) => `- ${blockerText(b)}`).join('\n')}` };
  }
  const ns = rev.istioNamespace;
  const suffix = revision === 'default' ? '' : `-${revision}`;
  const warnings: string[] = [];
  const objects: RemovalObject[] = [];
  // An object of the right name that says it belongs to another revision is not ours to delete.
  const ours = (labels: Record<string, string> | undefined, what: string): boolean => {
    const owner = labels?.[LABEL_REV];
    if (owner === undefined || owner === revision) return true;
    warnings.push(`${what} is labeled istio.io/rev=${owner}, not ${revision}: left alone.`);
    return false;
  };
  const ownerCtx = ownerContextOf(inv);
  const add = (kind: RemovableKind, name: string, labels: Record<string, string> | undefined, namespace?: string): void => {
    if (name === DEFAULT_VALIDATOR || objects.some((o) => o.kind === kind && o.name === name && o.namespace === namespace)) return;
    if (!ours(labels, `${kind}/${namespace ? `${namespace}/` : ''}${name}`)) return;
    const owner = ownerInInventory(inv, kind, name, namespace, ownerCtx);
    objects.push({ kind, name, ...(namespace ? { namespace } : {}), ...(owner ? { owner } : {}) });
  };
  for (const name of rev.injectorWebhooks) {
    const w = inv.mutatingWebhooks.find((m) => m.metadata.name === name);
    if (w && !w.metadata.labels?.['istio.io/tag']) add('mutatingwebhookconfigurations', name, w.metadata.labels);
  }
  for (const name of [`istio-validator${suffix}-${ns}`]) {
    const v = inv.validatingWebhooks.find((w) => w.metadata.name === name);
    if (v) add('validatingwebhookconfigurations', name, v.metadata.labels);
  }
  const deployment = inv.deployments.find((d) => d.metadata.namespace === ns && d.metadata.name === (rev.deployment ?? `istiod${suffix}`));
  if (deployment) add('deployments', deployment.metadata.name, deployment.metadata.labels, ns);
  for (const name of new Set([...rev.services, `istiod${suffix}`])) {
    const s = inv.services.find((x) => x.metadata.namespace === ns && x.metadata.name === name);
    if (s && !s.metadata.labels?.['istio.io/tag']) add('services', name, s.metadata.labels, ns);
  }
  for (const name of [`istio${suffix}`, `istio-sidecar-injector${suffix}`]) {
    const c = inv.configMaps.find((x) => x.metadata.namespace === ns && x.metadata.name === name);
    if (c) add('configmaps', name, c.metadata.labels, ns);
  }
  const istioctlArgs = ['uninstall', '--revision', revision, '--context', snapshot.context];
  const plan: RemovalPlan = {
    context: snapshot.context, revision, istioNamespace: ns, objects,
    byHand: [{ kind: 'ServiceAccount', namespace: ns, name: `istiod${suffix}`, why: 'this client does not manage ServiceAccounts: `kubectl delete serviceaccount` it, or use the istioctl command' }],
    istioctlArgs, istioctl: shellCommand(['istioctl', ...istioctlArgs]), warnings,
  };
  if (rev.version) plan.version = rev.version;
  return { ok: true, plan };
}

/** `ownerSections`: the owner's way (Markdown sections), when an owner keeps the revision. */
export function removalMarkdown(plan: RemovalPlan, ownerSections: string[] = []): string {
  const line = (o: { kind: string; namespace?: string; name: string; owner?: ManagedBy }): string =>
    `- ${o.kind} ${mdCode(`${o.namespace ? `${o.namespace}/` : ''}${o.name}`)}${o.owner ? ` — kept by ${mdText(ownerText(o.owner))}` : ''}`;
  return [
    `# Remove revision ${mdText(plan.revision)}${plan.version ? ` (Istio ${mdText(plan.version)})` : ''} from ${mdText(plan.context)}`,
    '',
    'Nothing uses this revision any more: no tag, namespace, pod or gateway, and it is not the default.',
    '',
    ...ownerSections,
    '## Objects to delete (in this order)',
    ...plan.objects.map(line),
    '',
    '## Delete by hand',
    ...plan.byHand.map((o) => `${line(o)} — ${o.why}`),
    '',
    'Never deleted: CRDs, `istiod-default-validator`, cluster roles and other cluster-scoped objects shared with other revisions.',
    ...(plan.warnings.length ? ['', '## Warnings', ...plan.warnings.map((w) => `- ${mdText(w)}`)] : []),
    '',
    '## Equivalent istioctl command',
    ...mdCodeBlock('sh', [plan.istioctl]),
    '',
    `\`istioctl uninstall --revision\` deletes every object labelled istio.io/rev=${mdText(plan.revision)} with an istioctl component label, whoever made it — tag webhooks still pointing at ${mdText(plan.revision)} included.`,
    '',
  ].join('\n');
}
