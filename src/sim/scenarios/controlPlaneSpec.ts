/** How a scenario describes one Istio control-plane revision, and the names derived from it. */

export interface ControlPlane {
  /** `istio.io/rev` value; '' for a revisionless install (label "default"). May contain a dot (vendor style). */
  revision: string;
  /** Istio version, e.g. `1.6.14`. */
  version: string;
  namespace?: string;
  hub?: string;
  /** istioctl stamps operator labels; Helm ≥ 1.24 adds the `istio.labels` set. */
  installer?: 'istioctl' | 'helm';
  /** `legacy`: the 1.6 single `sidecar-injector.istio.io` webhook; `modern`: rev.namespace/rev.object (+ namespace/object for default). */
  webhookStyle?: 'legacy' | 'modern';
  /** Object-name suffix when the revision itself is not a valid name part (e.g. `cp-v117x` for `cp-v117x.istio-system`). */
  nameSuffix?: string;
  /** MutatingWebhookConfiguration name override (vendor operators pick their own). */
  webhookName?: string;
  replicas?: number;
  /** Helm release that renders this revision (labels `release`, `app.kubernetes.io/instance`). */
  release?: string;
}

export const CA_BUNDLE_PLACEHOLDER = Buffer.from('-----BEGIN CERTIFICATE-----\nsimulated istiod CA\n-----END CERTIFICATE-----\n').toString('base64');

export function istioNamespace(cp: ControlPlane): string {
  return cp.namespace ?? 'istio-system';
}

export function revLabel(cp: ControlPlane): string {
  return cp.revision || 'default';
}

function suffix(cp: ControlPlane): string {
  const s = cp.nameSuffix ?? cp.revision;
  return s ? `-${s}` : '';
}

export function istiodName(cp: ControlPlane): string {
  return `istiod${suffix(cp)}`;
}

export function injectorWebhookName(cp: ControlPlane): string {
  return cp.webhookName ?? `istio-sidecar-injector${suffix(cp)}`;
}

/** The injector ConfigMap is looked up by revision (not suffix), as Istio's analyzers do. */
export function injectorConfigMapName(cp: ControlPlane): string {
  return cp.revision ? `istio-sidecar-injector-${cp.revision}` : 'istio-sidecar-injector';
}

export function hubOf(cp: ControlPlane): string {
  return cp.hub ?? 'docker.io/istio';
}

export function minorOf(cp: ControlPlane): number {
  return Number(cp.version.split('.')[1] ?? 0);
}

/** The labels every control-plane object of this revision carries (istio-model.md M2). */
export function controlPlaneLabels(cp: ControlPlane, extra: Record<string, string> = {}): Record<string, string> {
  const labels: Record<string, string> = {
    ...extra,
    'istio.io/rev': revLabel(cp),
    'operator.istio.io/component': 'Pilot',
    'install.operator.istio.io/owning-resource': cp.installer === 'helm' ? 'unknown' : 'installed-state',
    release: cp.release ?? 'istio',
  };
  if (cp.installer === 'helm' && minorOf(cp) >= 24) {
    Object.assign(labels, {
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/instance': cp.release ?? (cp.revision ? `istiod-${cp.nameSuffix ?? cp.revision}` : 'istiod'),
      'app.kubernetes.io/part-of': 'istio',
      'app.kubernetes.io/version': cp.version,
      'helm.sh/chart': `istiod-${cp.version}`,
    });
  }
  if (cp.installer !== 'helm') {
    labels['operator.istio.io/managed'] = 'Reconcile';
    labels['operator.istio.io/version'] = cp.version;
  }
  return labels;
}
