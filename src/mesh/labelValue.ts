/** Kubernetes label value syntax: empty, or ≤ 63 chars of [A-Za-z0-9-_.] starting and ending alphanumeric. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** DNS-1123 label: what `istioctl install --revision` requires (no dots). */
export function isDns1123Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** DNS-1123 subdomain: most object names (Deployments, webhook configurations). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value);
}

/** DNS-1035 label: Service names (must start with a letter). */
export function isDns1035Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value);
}
