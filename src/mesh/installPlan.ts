/**
 * Installing a new revision next to the old ones (pure): the revision name (a DNS-1123 label — Istio requires the
 * version's dots replaced, 1.24.2 → 1-24-2, istio-model.md M1), the `istioctl install` command and an IstioOperator with the
 * gateways disabled (seed 004 runs them as separate Deployments per revision).
 */
import * as yaml from 'js-yaml';
import type { MeshSnapshot } from './model';
import { isDns1123Label } from './labelValue';
import { compareVersions } from './versionSkew';
import { shellCommand } from './shellQuote';

export interface InstallPlan {
  version: string;
  revision: string;
  istioNamespace: string;
  /** `istioctl` arguments (an array — never concatenated into a shell string). */
  istioctlArgs: string[];
  /** The same, for copying. */
  istioctl: string;
  iopYaml: string;
}

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export function validateVersion(version: string): string | undefined {
  return VERSION.test(version.trim()) ? undefined : `"${version}" is not an Istio version like 1.24.2.`;
}

/** 1.24.2 → 1-24-2 (also lower-cases a pre-release suffix: 1.25.0-beta.1 → 1-25-0-beta-1). */
export function revisionFromVersion(version: string): string {
  return version.trim().toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

export function validateRevision(revision: string, snapshot?: MeshSnapshot): string | undefined {
  if (revision.includes('.')) return `"${revision}" contains dots: Istio requires them replaced, e.g. ${revisionFromVersion(revision)}.`;
  if (!isDns1123Label(revision)) return `"${revision}" is not a DNS-1123 label (lower-case letters, digits and '-', at most 63, starting and ending alphanumeric).`;
  if (revision === 'default') return '"default" is the name of the revisionless install: pick another revision name.';
  if (snapshot?.revisions.some((r) => r.name === revision)) return `Revision ${revision} already exists in ${snapshot.context}.`;
  if (snapshot?.tags.some((t) => t.name === revision)) return `A tag named ${revision} exists in ${snapshot.context}: istioctl refuses a revision and a tag of the same name.`;
  return undefined;
}

/** Next minor after the newest installed one, e.g. 1.10.4 → 1.11.0 (a starting suggestion; free text wins). */
export function suggestedVersions(snapshot: MeshSnapshot): string[] {
  const versions = snapshot.revisions.map((r) => r.version).filter((v): v is string => !!v && VERSION.test(v)).sort(compareVersions);
  const newest = versions[versions.length - 1];
  if (!newest) return [];
  const [major, minor] = newest.split('.').map(Number);
  return [`${major}.${minor + 1}.0`, `${major}.${minor + 2}.0`];
}

/** Every line a comment, even those inside a quoted context name that holds a line break. */
function yamlComment(text: string): string {
  return text.split(/\r\n|\r|\n/).map((l) => `# ${l}\n`).join('');
}

export function planInstall(snapshot: MeshSnapshot | undefined, input: { version: string; revision?: string; istioNamespace?: string; context?: string }): { ok: true; plan: InstallPlan } | { ok: false; error: string } {
  const version = input.version.trim();
  const badVersion = validateVersion(version);
  if (badVersion) return { ok: false, error: badVersion };
  const revision = input.revision?.trim() || revisionFromVersion(version);
  const badRevision = validateRevision(revision, snapshot);
  if (badRevision) return { ok: false, error: badRevision };
  const istioNamespace = input.istioNamespace ?? snapshot?.revisions[0]?.istioNamespace ?? 'istio-system';
  const istioctlArgs = ['install', '--set', `revision=${revision}`, '--set', 'profile=minimal', '-y'];
  if (input.context) istioctlArgs.push('--context', input.context);
  const iop = {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: `control-plane-${revision}`, namespace: istioNamespace },
    spec: {
      profile: 'minimal',
      revision,
      tag: version,
      components: {
        ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }],
        egressGateways: [{ name: 'istio-egressgateway', enabled: false }],
      },
    },
  };
  const fileCommand = shellCommand(['istioctl', 'install', '-f', 'this-file.yaml', ...(input.context ? ['--context', input.context] : [])]);
  const header = yamlComment(`Istio ${version} as revision ${revision}, next to the existing revisions; gateways are installed separately.\n${fileCommand}`);
  return {
    ok: true,
    plan: { version, revision, istioNamespace, istioctlArgs, istioctl: shellCommand(['istioctl', ...istioctlArgs]), iopYaml: header + yaml.dump(iop, { lineWidth: 120 }) },
  };
}
