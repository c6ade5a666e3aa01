/** Reading an Istio version out of a container image reference or a version label. */
import { boundedMemo } from './boundedMemo';

export interface ImageRef {
  /** Everything before the tag/digest, e.g. `my.reg:5000/istio/proxyv2`. */
  repository: string;
  tag?: string;
  /** `sha256:…` when the reference is pinned by digest. */
  digest?: string;
}

export function parseImageRef(image: string): ImageRef {
  const trimmed = image.trim();
  const at = trimmed.indexOf('@');
  const ref = at >= 0 ? trimmed.slice(0, at) : trimmed;
  const digest = at >= 0 ? trimmed.slice(at + 1) || undefined : undefined;
  // A colon before the last slash belongs to a registry port, not a tag.
  const colon = ref.lastIndexOf(':');
  const slash = ref.lastIndexOf('/');
  if (colon > slash) {
    return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) || undefined, digest };
  }
  return { repository: ref, digest };
}

/** Image variants Istio appends to the tag (`<tag>-<variant>`). */
const VARIANT_SUFFIXES = ['-distroless', '-debug'];

// At most four digits a part: `99999999999999999999.1.1` is garbage, not a version (it would print as 1e+20).
const VERSION_RE = /^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})(-(?:alpha|beta|rc)(?:\.[0-9A-Za-z]+)*)?(?:[-+_.].*)?$/;

/**
 * An Istio version ("1.24.2", "1.25.0-beta.1") from a tag or label value such as `1.24.2-distroless`,
 * `1.20.1-debug`, `v1.7.0`; vendor suffixes (`1.17.2-tetrate-v0`) are dropped. Undefined for
 * `latest`, branch builds, or anything without major.minor.patch.
 */
export function parseIstioVersion(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  let t = text.trim();
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const suffix of VARIANT_SUFFIXES) {
      if (t.endsWith(suffix)) {
        t = t.slice(0, -suffix.length);
        stripped = true;
      }
    }
  }
  const m = VERSION_RE.exec(t);
  if (!m) return undefined;
  const core = [m[1], m[2], m[3]].map((n) => String(Number.parseInt(n, 10))).join('.');
  return core + (m[4] ?? '');
}

/** Every proxy of a revision has the same image: one parse and one shared version string, not 100,000 at XL. */
const versionOfImage = boundedMemo((image) => parseIstioVersion(parseImageRef(image).tag));

/**
 * The Istio version an image was built for, from its tag. A digest-only reference
 * (`…/proxyv2@sha256:…`) or a tag like `latest` gives undefined. With both tag and digest the tag is used.
 */
export function imageVersion(image: string | undefined): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return undefined;
  return versionOfImage(image);
}
