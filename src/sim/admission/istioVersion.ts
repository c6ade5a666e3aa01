/** Istio version strings as the injector needs them: `1.7.0`, `1.24.2-distroless`. */

export interface IstioVersion {
  major: number;
  minor: number;
  patch: number;
  /** e.g. `1.24.2` */
  text: string;
  /** e.g. `distroless`, from a `-<variant>` tag suffix. */
  variant?: string;
}

export function parseIstioVersion(tag: string): IstioVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-(.+))?$/.exec(tag);
  if (!m) return undefined;
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  return { major: Number(m[1]), minor: Number(m[2]), patch, text: `${m[1]}.${m[2]}.${patch}`, variant: m[4] };
}

export function atLeast(v: IstioVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** Splits `docker.io/istio/pilot:1.6.14` into hub, name and tag. */
export function splitImage(image: string): { hub?: string; name: string; tag?: string } {
  const at = image.indexOf('@');
  const base = at >= 0 ? image.slice(0, at) : image;
  const slash = base.lastIndexOf('/');
  const colon = base.lastIndexOf(':');
  const tag = colon > slash ? base.slice(colon + 1) : undefined;
  const repo = colon > slash ? base.slice(0, colon) : base;
  const hub = slash >= 0 ? repo.slice(0, repo.lastIndexOf('/')) : undefined;
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  return { hub, name, tag };
}
