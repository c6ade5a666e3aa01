/** Injector and tag MutatingWebhookConfigurations, validators and tag Services (istio-model.md M3, M4). */
import type { LabelSelector } from '../../mesh/kubeObjects';
import type { KubeObject } from '../core/types';
import {
  CA_BUNDLE_PLACEHOLDER, controlPlaneLabels, injectorWebhookName, istioNamespace, istiodName, revLabel, type ControlPlane,
} from './controlPlaneSpec';

const NOT_FALSE = { key: 'sidecar.istio.io/inject', operator: 'NotIn' as const, values: ['false'] };
const NO_REV = { key: 'istio.io/rev', operator: 'DoesNotExist' as const };
const NO_INJECTION_LABEL = { key: 'istio-injection', operator: 'DoesNotExist' as const };

function entry(name: string, cp: ControlPlane, namespaceSelector: LabelSelector, objectSelector: LabelSelector): Record<string, unknown> {
  return {
    name,
    clientConfig: {
      service: { name: istiodName(cp), namespace: istioNamespace(cp), path: '/inject', port: 443 },
      caBundle: CA_BUNDLE_PLACEHOLDER,
    },
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: '*' }],
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    namespaceSelector,
    objectSelector,
    sideEffects: 'None',
    timeoutSeconds: 10,
    admissionReviewVersions: ['v1beta1', 'v1'],
    reinvocationPolicy: 'Never',
  };
}

/** rev.namespace / rev.object entries selecting `selectValue` (a revision or a tag). */
function revisionEntries(cp: ControlPlane, selectValue: string): Record<string, unknown>[] {
  const rev = { key: 'istio.io/rev', operator: 'In' as const, values: [selectValue] };
  return [
    entry('rev.namespace.sidecar-injector.istio.io', cp, { matchExpressions: [rev, NO_INJECTION_LABEL] }, { matchExpressions: [NOT_FALSE] }),
    entry('rev.object.sidecar-injector.istio.io', cp, { matchExpressions: [NO_REV, NO_INJECTION_LABEL] }, { matchExpressions: [NOT_FALSE, rev] }),
  ];
}

/** namespace.* / object.*: the default revision (or `default` tag) owns istio-injection=enabled and inject=true. */
function defaultEntries(cp: ControlPlane): Record<string, unknown>[] {
  return [
    entry('namespace.sidecar-injector.istio.io', cp,
      { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] }, { matchExpressions: [NOT_FALSE] }),
    entry('object.sidecar-injector.istio.io', cp,
      { matchExpressions: [NO_INJECTION_LABEL, NO_REV] },
      { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, NO_REV] }),
  ];
}

function mwc(name: string, labels: Record<string, string>, webhooks: Record<string, unknown>[]): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name, labels },
    webhooks,
  };
}

export function injectorWebhook(cp: ControlPlane): KubeObject {
  const labels = controlPlaneLabels(cp, { app: 'sidecar-injector', 'app.kubernetes.io/name': 'istiod' });
  if (cp.webhookStyle === 'legacy') {
    return mwc(injectorWebhookName(cp), labels, [
      entry('sidecar-injector.istio.io', cp, { matchLabels: { 'istio-injection': 'enabled' } }, {}),
    ]);
  }
  const webhooks = revisionEntries(cp, revLabel(cp));
  if (!cp.revision) webhooks.push(...defaultEntries(cp));
  return mwc(injectorWebhookName(cp), labels, webhooks);
}

export function tagWebhook(tag: string, cp: ControlPlane): KubeObject {
  const labels = controlPlaneLabels(cp, { app: 'sidecar-injector', 'istio.io/tag': tag, 'app.kubernetes.io/name': 'istiod' });
  const webhooks = revisionEntries(cp, tag);
  if (tag === 'default') webhooks.push(...defaultEntries(cp));
  const ns = istioNamespace(cp);
  return mwc(ns === 'istio-system' ? `istio-revision-tag-${tag}` : `istio-revision-tag-${tag}-${ns}`, labels, webhooks);
}

const ISTIOD_PORTS = [
  { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
  { name: 'https-dns', port: 15012, protocol: 'TCP' },
  { name: 'https-webhook', port: 443, targetPort: 15017, protocol: 'TCP' },
  { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
];

export function istiodService(cp: ControlPlane): KubeObject {
  const selector = cp.revision ? { app: 'istiod', 'istio.io/rev': revLabel(cp) } : { app: 'istiod', istio: 'pilot' };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: istiodName(cp), namespace: istioNamespace(cp), labels: controlPlaneLabels(cp, { app: 'istiod', istio: 'pilot' }) },
    spec: { ports: ISTIOD_PORTS, selector },
  };
}

/** 1.27+: a tag is also a Service `istiod-revision-tag-<tag>`. */
export function tagService(tag: string, cp: ControlPlane): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `istiod-revision-tag-${tag}`,
      namespace: istioNamespace(cp),
      labels: { 'istio.io/tag': tag, 'istio.io/rev': revLabel(cp), app: 'istiod', istio: 'pilot' },
    },
    spec: { ports: ISTIOD_PORTS, selector: { app: 'istiod', 'istio.io/rev': revLabel(cp) } },
  };
}

function validatorEntry(name: string, cp: ControlPlane, objectSelector: LabelSelector): Record<string, unknown> {
  return {
    name,
    clientConfig: { service: { name: istiodName(cp), namespace: istioNamespace(cp), path: '/validate', port: 443 }, caBundle: CA_BUNDLE_PLACEHOLDER },
    rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io'], apiVersions: ['*'], resources: ['*'], scope: '*' }],
    failurePolicy: 'Ignore',
    objectSelector,
    sideEffects: 'None',
    admissionReviewVersions: ['v1beta1', 'v1'],
  };
}

export function validatorWebhook(cp: ControlPlane): KubeObject {
  const ns = istioNamespace(cp);
  const legacy = cp.webhookStyle === 'legacy';
  const name = legacy ? `istiod-${ns}` : `istio-validator${cp.revision ? `-${cp.nameSuffix ?? cp.revision}` : ''}-${ns}`;
  const selector = { matchExpressions: [{ key: 'istio.io/rev', operator: 'In' as const, values: [revLabel(cp)] }] };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name, labels: controlPlaneLabels(cp, { app: 'istiod', istio: 'istiod' }) },
    webhooks: [validatorEntry(legacy ? 'validation.istio.io' : 'rev.validation.istio.io', cp, legacy ? {} : selector)],
  };
}

export function defaultValidator(cp: ControlPlane): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'istiod-default-validator', labels: { app: 'istiod', 'istio.io/rev': revLabel(cp), istio: 'istiod' } },
    webhooks: [validatorEntry('validation.istio.io', cp, { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }] })],
  };
}
