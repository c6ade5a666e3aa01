/**
 * The Node.js the CLI needs: the Kubernetes client library (2.x) fails on older Node with a stack trace while loading, so
 * dist/cli.js checks this first (src/cliEntry.ts). Same as package.json engines.node (a unit test keeps them equal).
 * No imports: this runs before anything else is loaded.
 */
export const MIN_NODE = '22.19.0';

/** One line saying which Node is needed, or undefined when `version` (process.versions.node) is new enough. */
export function nodeTooOld(version: string): string | undefined {
  const have = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const need = MIN_NODE.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) > need[i]) return undefined;
    if ((have[i] ?? 0) < need[i]) return `istio-canary needs Node.js ${MIN_NODE} or newer (this is Node.js ${version}): install a current Node.js LTS, e.g. with nvm or your package manager.`;
  }
  return undefined;
}
