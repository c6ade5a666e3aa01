/**
 * Kills the CLI (SIGKILL) while one of its requests is in flight: the fault proxy in front of the API server holds
 * the request `method path` until the process is dead, then forwards it (the write lands) or drops it (it does not).
 */
import type { FaultProxy } from '../rig/faultProxy';
import { startCli } from './cliProcess';

export async function killCliAt(proxy: FaultProxy, args: string[], method: string, requestPath: string | RegExp, then: 'apply' | 'fail', env: NodeJS.ProcessEnv): Promise<string> {
  let arrived: () => void = () => undefined;
  const arrival = new Promise<void>((r) => { arrived = r; });
  let killed: () => void = () => undefined;
  const dead = new Promise<void>((r) => { killed = r; });
  const exact = typeof requestPath === 'string' ? new RegExp(`^${requestPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?|$)`) : requestPath;
  const rule = proxy.add({
    method, path: exact, action: then === 'apply' ? { kind: 'pass' } : { kind: 'reset' },
    before: async () => { arrived(); await dead; },
  });
  const p = startCli([...args, '--kubeconfig', proxy.kubeconfigPath, '--context', proxy.context], env);
  await Promise.race([arrival, p.exited.then(() => { throw new Error(`the CLI ended first: ${p.stderr()}`); })]);
  p.child.kill('SIGKILL');
  await p.exited;
  killed();
  // The held request is handled now (forwarded or dropped): wait until the server is done with it.
  await new Promise((r) => setTimeout(r, 300));
  rule.remove();
  return p.stderr();
}
