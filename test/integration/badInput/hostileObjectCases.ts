/**
 * Hostile cluster data, put straight into the simulator's store (as a compromised or buggy API server could serve
 * it, past validation): HTML and terminal escapes in annotations, names and labels, huge and mistyped values,
 * proxy images whose tag is not a version, a tag pointing at no revision, Kubernetes' own namespaces.
 * Each is read without a crash, printed inertly, never verified as a pass, and never leads to a write.
 */
import { strict as assert } from 'node:assert';
import type { KubeObject } from '../../../src/sim/core/types';
import type { BadInputCase, CaseEnv } from './badInputHarness';

const H = 'hostile objects' as const;
const ESC = '\u001b';
const HTML = '<img src=x onerror=alert(1)>';

let serial = 0;
function meta(name: string, namespace?: string, more: Partial<KubeObject['metadata']> = {}): KubeObject['metadata'] {
  return { name, ...(namespace ? { namespace } : {}), uid: `hostile-${++serial}`, creationTimestamp: '2026-01-01T00:00:00Z', ...more };
}

/**
 * A namespace bound to tag canary holding one injected, running pod of StatefulSet `web` (a workload a restart can
 * fix, so a bad proxy fails verification instead of being a warning) with the given proxy image and metadata.
 */
function injectedPod(env: CaseEnv, ns: string, o: { image?: unknown; annotations?: unknown; labels?: unknown; name?: string; nsLabels?: unknown } = {}): void {
  env.sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, { labels: (o.nsLabels ?? { 'istio.io/rev': 'canary' }) as Record<string, string> }) });
  env.sim.store.create('pods', {
    apiVersion: 'v1', kind: 'Pod',
    metadata: meta(o.name ?? 'web-0', ns, {
      labels: (o.labels ?? { app: 'web' }) as Record<string, string>,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: `sts-${ns}`, controller: true }],
      annotations: (o.annotations ?? { 'istio.io/rev': '1-8-0', 'sidecar.istio.io/status': '{"revision":"1-8-0"}' }) as Record<string, string>,
    }),
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'istio-proxy', image: o.image ?? 'docker.io/istio/proxyv2:1.8.0' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
}

const status = (json = false) => (env: CaseEnv): string[] => ['status', '--kubeconfig', env.kubeconfig, '--context', env.context, ...(json ? ['-o', 'json'] : [])];
const verify = (ns: string) => (env: CaseEnv): string[] => ['verify', ...env.target, '-n', ns];
const migrate = (ns: string, to = 'canary') => (env: CaseEnv): string[] => ['migrate', ...env.target, '-n', ns, '--to', to];

function podOf(out: string, ns: string): { revision: string | null; proxyVersion: string | null } | undefined {
  const json = JSON.parse(out) as { clusters: { namespaces: { name: string; workloads: { pods: { revision: string | null; proxyVersion: string | null }[] }[] }[] }[] };
  return json.clusters[0].namespaces.find((n) => n.name === ns)?.workloads[0]?.pods[0];
}

const unknownVersion = (image: string) => new RegExp(`FAIL[\\s\\S]*proxy version unknown \\(image ${JSON.stringify(image).replace(/[.\\[\]()*+?^$|/]/g, '\\$&')} has no Istio version tag\\): cannot confirm it runs 1\\.8\\.0`);

export const hostileObjectCases: BadInputCase[] = [
  {
    category: H, name: 'HTML in a pod\'s istio.io/rev annotation (status -o json keeps it as data)',
    setup: (env) => injectedPod(env, 'h-html', { annotations: { 'istio.io/rev': HTML } }),
    argv: status(true), exit: 0, message: /"h-html"/,
    check: (out) => assert.equal(podOf(out, 'h-html')?.revision, HTML),
  },
  {
    category: H, name: 'HTML in a pod\'s istio.io/rev annotation (verify says who injected it)',
    setup: (env) => injectedPod(env, 'h-html2', { annotations: { 'istio.io/rev': HTML } }),
    argv: verify('h-html2'), exit: 3, message: /injected by <img src=x onerror=alert\(1\)>, namespace now targets 1-8-0 via tag canary/,
  },
  {
    category: H, name: 'terminal escapes (OSC title, clear screen, colour) in an annotation',
    setup: (env) => injectedPod(env, 'h-esc', { annotations: { 'istio.io/rev': `${ESC}]0;owned\u0007${ESC}[2J${ESC}[31mred` } }),
    argv: verify('h-esc'), exit: 3, message: /injected by \\u001b\]0;owned\\u0007\\u001b\[2J\\u001b\[31mred/,
  },
  {
    category: H, name: 'terminal escapes in a pod name',
    setup: (env) => injectedPod(env, 'h-podname', { name: `evil${ESC}[1A${ESC}[2Kfake-ok\r`, image: 'docker.io/istio/proxyv2:1.7.6' }),
    argv: verify('h-podname'), exit: 3, message: /evil\\u001b\[1A\\u001b\[2Kfake-ok\\u000d: proxy 1\.7\.6 ≠ 1-8-0's 1\.8\.0/,
  },
  {
    category: H, name: 'a bidi override and a C1 CSI in a tag name',
    setup: (env) => env.sim.store.create('mutatingwebhookconfigurations', {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration',
      metadata: meta('istio-revision-tag-bidi', undefined, { labels: { 'istio.io/tag': 'prod\u202e\u009b2J', 'istio.io/rev': '1-8-0', app: 'sidecar-injector' } }),
      webhooks: [{ name: 'rev.namespace.sidecar-injector.istio.io', clientConfig: { service: { name: 'istiod-1-8-0', namespace: 'istio-system', path: '/inject' } }, namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['prod\u202e'] }] }, sideEffects: 'None', admissionReviewVersions: ['v1'] }],
    }),
    argv: status(), exit: 0, message: /prod\\u202e\\u009b2J/,
  },
  {
    category: H, name: 'a megabyte annotation',
    setup: (env) => injectedPod(env, 'h-huge', { annotations: { 'istio.io/rev': '1-8-0', 'sidecar.istio.io/status': '{"revision":"1-8-0"}', note: 'x'.repeat(1 << 20) } }),
    argv: verify('h-huge'), exit: 0, message: /h-huge: PASS \(target 1-8-0 1\.8\.0\)/,
  },
  {
    category: H, name: 'labels and annotations that are not strings, containers that are not a list',
    setup: (env) => {
      env.sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: meta('h-types', undefined, { labels: { 'istio.io/rev': 42, 'istio-injection': null } as unknown as Record<string, string> }) });
      env.sim.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: meta('odd', 'h-types', { annotations: null as unknown as Record<string, string>, labels: ['x'] as unknown as Record<string, string> }), spec: { containers: 'istio-proxy' }, status: { phase: 7 } });
    },
    argv: status(true), exit: 0, message: /"context": "sim-tags-prod-canary"/,
  },
  {
    category: H, name: 'a sidecar.istio.io/status annotation that is not JSON',
    setup: (env) => injectedPod(env, 'h-status', { annotations: { 'sidecar.istio.io/status': '{not json' } }),
    argv: status(true), exit: 0, message: /"h-status"/,
  },
  {
    category: H, name: 'an injector webhook with a garbage selector',
    setup: (env) => env.sim.store.create('mutatingwebhookconfigurations', {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration',
      metadata: meta('istio-sidecar-injector-garbage', undefined, { labels: { 'istio.io/rev': 'garbage', app: 'sidecar-injector' } }),
      webhooks: [{ name: 'rev.namespace.sidecar-injector.istio.io', namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'Bogus', values: null }, 'x'] }, objectSelector: 42 }, null],
    }),
    argv: (env) => ['precheck', '--kubeconfig', env.kubeconfig, '--context', env.context], exit: 3, message: /^sim-tags-prod-canary: \d+ errors?/m,
  },
  { category: H, name: 'proxy image tag latest', setup: (env) => injectedPod(env, 'h-latest', { image: 'docker.io/istio/proxyv2:latest' }), argv: verify('h-latest'), exit: 3, message: unknownVersion('docker.io/istio/proxyv2:latest') },
  { category: H, name: 'proxy image pinned by digest only', setup: (env) => injectedPod(env, 'h-digest', { image: `docker.io/istio/proxyv2@sha256:${'0'.repeat(64)}` }), argv: verify('h-digest'), exit: 3, message: unknownVersion(`docker.io/istio/proxyv2@sha256:${'0'.repeat(64)}`) },
  { category: H, name: 'proxy image tag 99999999999999999999.1.1', setup: (env) => injectedPod(env, 'h-bignum', { image: 'docker.io/istio/proxyv2:99999999999999999999.1.1' }), argv: verify('h-bignum'), exit: 3, message: unknownVersion('docker.io/istio/proxyv2:99999999999999999999.1.1') },
  { category: H, name: 'proxy image with an empty tag', setup: (env) => injectedPod(env, 'h-emptytag', { image: 'docker.io/istio/proxyv2:' }), argv: verify('h-emptytag'), exit: 3, message: unknownVersion('docker.io/istio/proxyv2:') },
  { category: H, name: 'proxy container with no image', setup: (env) => injectedPod(env, 'h-noimage', { image: '' }), argv: verify('h-noimage'), exit: 3, message: /proxy version unknown \(the istio-proxy container names no image\): cannot confirm it runs 1\.8\.0/ },
  { category: H, name: 'proxy image tag of garbage', setup: (env) => injectedPod(env, 'h-garbage', { image: 'docker.io/istio/proxyv2:<script>' }), argv: verify('h-garbage'), exit: 3, message: unknownVersion('docker.io/istio/proxyv2:<script>') },
  {
    category: H, name: 'migrate onto a tag whose revision does not exist',
    setup: (env) => env.sim.store.create('mutatingwebhookconfigurations', {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration',
      metadata: meta('istio-revision-tag-ghost', undefined, { labels: { 'istio.io/tag': 'ghost', 'istio.io/rev': '1-5-0', app: 'sidecar-injector' } }),
      webhooks: [{ name: 'rev.namespace.sidecar-injector.istio.io', clientConfig: { service: { name: 'istiod-1-5-0', namespace: 'istio-system', path: '/inject' } }, namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['ghost'] }] }, sideEffects: 'None', admissionReviewVersions: ['v1'] }],
    }),
    argv: migrate('a', 'ghost'), exit: 1, message: /Tag "ghost" points at revision 1-5-0, which does not exist in sim-tags-prod-canary/,
  },
  { category: H, name: 'migrate kube-system', argv: migrate('kube-system'), exit: 1, message: /kube-system: Istio never injects kube-system, kube-public or kube-node-lease/ },
  { category: H, name: 'migrate kube-public with another namespace', argv: migrate('a,kube-public'), exit: 1, message: /kube-public: Istio never injects/ },
  { category: H, name: 'migrate kube-node-lease', argv: migrate('kube-node-lease'), exit: 1, message: /kube-node-lease: Istio never injects/ },
  {
    category: H, name: 'a namespace label that is HTML (dangling binding)',
    setup: (env) => injectedPod(env, 'h-nslabel', { nsLabels: { 'istio.io/rev': HTML } }),
    argv: verify('h-nslabel'), exit: 3, message: /h-nslabel: FAIL — .*<img src=x onerror=alert\(1\)>/,
  },
];
