/**
 * `helm` command lines as argument arrays (istio-model.md M15): a values change on one
 * release (`helm upgrade <release> istio/<chart> --version <its chart version> --reuse-values --set …`), an
 * uninstall, and the releases that matter for a revision. Release names, namespaces, chart names and versions come
 * from release Secrets — cluster data — so each is checked before it goes into a command: a name Helm would never
 * have made, or a value that would smuggle another key into `--set`, gives a problem instead of a command.
 */
import type { HelmRelease } from '../model';
import { isDns1123Label, isValidLabelValue } from '../labelValue';

/** Helm's release name rule (pkg/chartutil ValidateReleaseName): a DNS-1123 subdomain of at most 53 characters. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CHART_NAME = /^[a-z0-9][a-z0-9-]*$/;
const CHART_VERSION = /^v?[0-9][0-9A-Za-z.+-]*$/;

/** Where a release lives and what renders it: enough for a command. */
export interface ReleaseRef {
  name: string;
  namespace: string;
  chart?: string;
  chartVersion?: string;
}

export type Built = { ok: true; argv: string[] } | { ok: false; problem: string };

export function releaseProblem(r: ReleaseRef): string | undefined {
  if (r.name.length > 53 || !RELEASE_NAME.test(r.name)) return `${JSON.stringify(r.name)} is not a Helm release name`;
  if (!isDns1123Label(r.namespace)) return `${JSON.stringify(r.namespace)} is not a namespace name`;
  if (r.chart !== undefined && !CHART_NAME.test(r.chart)) return `${JSON.stringify(r.chart)} is not a chart name`;
  if (r.chartVersion !== undefined && !CHART_VERSION.test(r.chartVersion)) return `${JSON.stringify(r.chartVersion)} is not a chart version`;
  return undefined;
}

/** `istio/<chart> --version <v>`: the release's own chart version, so a values change does not also upgrade it. */
function chartArgs(r: ReleaseRef, fallback: string): string[] {
  return [`istio/${r.chart ?? fallback}`, ...(r.chartVersion ? ['--version', r.chartVersion] : [])];
}

function target(r: ReleaseRef, context: string): string[] {
  return ['--namespace', r.namespace, '--kube-context', context];
}

/** `helm upgrade <release> istio/<chart> --version V -n NS --kube-context C --reuse-values --set k=v …`. */
export function helmUpgrade(r: ReleaseRef, context: string, sets: readonly string[], fallbackChart = 'istiod'): Built {
  const problem = releaseProblem(r);
  if (problem) return { ok: false, problem };
  return { ok: true, argv: ['helm', 'upgrade', r.name, ...chartArgs(r, fallbackChart), ...target(r, context), '--reuse-values', ...sets.flatMap((s) => ['--set', s])] };
}

export function helmUninstall(r: ReleaseRef, context: string): Built {
  const problem = releaseProblem(r);
  if (problem) return { ok: false, problem };
  return { ok: true, argv: ['helm', 'uninstall', r.name, ...target(r, context)] };
}

/** `revisionTags={a,b}` (`{}` for none): every tag a DNS-1123 label, so no `,` `{` `}` `=` or `\` reaches `--set`. */
export function revisionTagsValue(tags: readonly string[]): { ok: true; value: string } | { ok: false; problem: string } {
  const bad = tags.find((t) => !isDns1123Label(t));
  if (bad !== undefined) return { ok: false, problem: `revisionTags holds ${JSON.stringify(bad)}, which is not a tag name` };
  return { ok: true, value: `revisionTags={${tags.join(',')}}` };
}

/** `key=value` for a revision value (a label value: letters, digits, '-', '_', '.'), or a problem. */
export function revisionValue(key: 'revision' | 'defaultRevision', value: string): { ok: true; value: string } | { ok: false; problem: string } {
  if (value === '' || !isValidLabelValue(value)) return { ok: false, problem: `${JSON.stringify(value)} is not a revision name` };
  return { ok: true, value: `${key}=${value}` };
}

/** The istiod release that installed `revision` (`revision` value; a revisionless release is `default`). */
export function releaseOfRevision(releases: readonly HelmRelease[], revision: string): HelmRelease | undefined {
  return releases.find((r) => r.chart !== 'base' && r.chart !== 'gateway' && r.revision !== undefined && (r.revision || 'default') === revision)
    ?? releases.find((r) => r.chart === 'istiod' && (r.revision ?? '') === '' && revision === 'default');
}

/** The base chart's release (its `defaultRevision` points istiod-default-validator at the default revision). */
export function baseRelease(releases: readonly HelmRelease[]): HelmRelease | undefined {
  return releases.find((r) => r.chart === 'base');
}

export function findReleaseRef(releases: readonly HelmRelease[], name: string, namespace: string): HelmRelease | undefined {
  return releases.find((r) => r.name === name && r.namespace === namespace);
}
