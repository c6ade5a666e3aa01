/** What connecting to a context will run to get credentials, said before it runs (e.g. "exec: aws eks get-token"). */
import * as path from 'node:path';
import type { LoadedKubeconfigs } from './kubeconfigLoader';

const MAX = 60;

export function authHint(loaded: LoadedKubeconfigs, contextName: string): string | undefined {
  const info = loaded.contexts.find((c) => c.name === contextName);
  const user = info?.user ? loaded.definitions.users.get(info.user) : undefined;
  if (!user) return undefined;
  const exec = user.exec as { command?: unknown; args?: unknown } | undefined;
  if (exec && typeof exec.command === 'string' && exec.command !== '') {
    const args: string[] = [];
    // The subcommand words before the first flag (`aws eks get-token --cluster-name x` → `aws eks get-token`).
    for (const a of Array.isArray(exec.args) ? exec.args : []) {
      if (typeof a !== 'string' || a.startsWith('-') || args.length === 2) break;
      args.push(a);
    }
    return clip(`exec: ${[path.basename(exec.command), ...args].join(' ')}`);
  }
  const provider = user.authProvider as { name?: unknown } | undefined;
  if (provider && typeof provider.name === 'string') return clip(`auth-provider: ${provider.name}`);
  return undefined;
}

function clip(text: string): string {
  // Kubeconfig strings are untrusted: one line, printable, short.
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ');
  return line.length > MAX ? `${line.slice(0, MAX)}…` : line;
}
