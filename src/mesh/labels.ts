/** Istio label and annotation keys the model reads (istio-model.md M2–M6). */
export const LABEL_REV = 'istio.io/rev';
export const LABEL_TAG = 'istio.io/tag';
export const LABEL_INJECTION = 'istio-injection';
export const LABEL_DATAPLANE_MODE = 'istio.io/dataplane-mode';
export const LABEL_SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const LABEL_APP = 'app';
export const LABEL_APP_VERSION = 'app.kubernetes.io/version';
export const LABEL_OPERATOR_VERSION = 'operator.istio.io/version';
export const LABEL_POD_TEMPLATE_HASH = 'pod-template-hash';
export const ANNOTATION_REV = 'istio.io/rev';
export const ANNOTATION_SIDECAR_STATUS = 'sidecar.istio.io/status';
export const ANNOTATION_PROXY_IMAGE = 'sidecar.istio.io/proxyImage';
export const ANNOTATION_SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const PROXY_CONTAINER = 'istio-proxy';
export const DEFAULT_REVISION_NAME = 'default';
export const DEFAULT_VALIDATOR = 'istiod-default-validator';
