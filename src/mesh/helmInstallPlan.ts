/**
 * A new revision the Helm way (istio-model.md M15, istio.io "Upgrade with Helm", canary section), pure: the base
 * chart first (CRDs are shared by all revisions), then `istiod-<rev>` with `revision=<rev>`; after the namespaces
 * have moved, the base chart's `defaultRevision` and `helm uninstall` of the old istiod release. Commands are
 * argument arrays (helmCommands.ts checks every name taken from a release Secret); values files are js-yaml.
 */
import * as yaml from 'js-yaml';
import type { MeshSnapshot } from './model';
import { baseRelease, helmUninstall, helmUpgrade, releaseOfRevision, releaseProblem, revisionValue } from './owners/helmCommands';
import { planInstall } from './installPlan';

export interface HelmStep {
  title: string;
  argv: string[];
}

export interface HelmInstallPlan {
  version: string;
  revision: string;
  namespace: string;
  /** Run now, in order. */
  steps: HelmStep[];
  /** After the namespaces (and gateways) moved to the new revision. */
  later: HelmStep[];
  /** Values files the commands set with `--set`, for review or `-f`. */
  valuesYaml: string;
  notes: string[];
}

const REPO = 'https://istio-release.storage.googleapis.com/charts';

export function planHelmInstall(snapshot: MeshSnapshot | undefined, input: { version: string; revision?: string; context: string }): { ok: true; plan: HelmInstallPlan } | { ok: false; error: string } {
  const checked = planInstall(snapshot, input);
  if (!checked.ok) return checked;
  const { version, revision } = checked.plan;
  const releases = snapshot?.owners?.helmReleases ?? [];
  const base = baseRelease(releases);
  const namespace = base?.namespace ?? checked.plan.istioNamespace;
  const ctx = ['--kube-context', input.context];
  const istiodName = `istiod-${revision}`;
  const istiod = { name: istiodName, namespace };
  const problem = releaseProblem(istiod) ?? (base ? releaseProblem(base) : undefined);
  if (problem) return { ok: false, error: `cannot build the helm commands: ${problem}` };
  const steps: HelmStep[] = [
    { title: 'Add the Istio chart repository (skipped when it exists)', argv: ['helm', 'repo', 'add', 'istio', REPO] },
    { title: 'Fetch the newest chart versions', argv: ['helm', 'repo', 'update', 'istio'] },
  ];
  const notes: string[] = [];
  if (base) {
    steps.push({ title: `Upgrade ${base.name} (CRDs, shared by all revisions) to ${version}; the default revision stays`, argv: ['helm', 'upgrade', base.name, 'istio/base', '--version', version, '--namespace', base.namespace, ...ctx, '--reuse-values'] });
  } else {
    notes.push('No Helm release of the base chart was read: the CRDs come from wherever they were installed (check that they are at least this version).');
  }
  steps.push({ title: `Install istiod ${version} as revision ${revision}`, argv: ['helm', 'install', istiodName, 'istio/istiod', '--version', version, '--namespace', namespace, ...ctx, '--set', `revision=${revision}`] });
  const later: HelmStep[] = [];
  const def = snapshot?.defaultRevision?.name;
  const defaultValue = revisionValue('defaultRevision', revision);
  if (base && defaultValue.ok) {
    const built = helmUpgrade({ ...base, chartVersion: version }, input.context, [defaultValue.value], 'base');
    if (built.ok) later.push({ title: `Make ${revision} the default revision (istiod-default-validator)${def ? `, instead of ${def}` : ''}`, argv: built.argv });
  }
  const old = def ? releaseOfRevision(releases, def) : undefined;
  if (old) {
    const built = helmUninstall(old, input.context);
    if (built.ok) later.push({ title: `Remove the old control plane (release ${old.name}: it deletes the tag webhooks of its revisionTags too — move them first)`, argv: built.argv });
  }
  const valuesYaml = [
    `# values of ${istiodName} (istio/istiod ${version})`, yaml.dump({ revision }, { lineWidth: -1 }).trimEnd(),
    ...(base ? ['---', `# values of ${base.name} (istio/base), after the migration`, yaml.dump({ defaultRevision: revision }, { lineWidth: -1 }).trimEnd()] : []),
    '',
  ].join('\n');
  notes.push('Tags move as revisionTags values: take a tag out of the old release and add it to the new one (in that order).');
  return { ok: true, plan: { version, revision, namespace, steps, later, valuesYaml, notes } };
}
