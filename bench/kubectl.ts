/** Runs the rig's kubectl 1.20 (argument arrays, KUBECONFIG in the environment), timing the whole process. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function kubectlPath(): string {
  const cache = process.env.RIG_CACHE || path.join(os.homedir(), '.cache', 'istio-canary-rig');
  return path.join(cache, 'bin', 'kubectl');
}

export function kubectlAvailable(): boolean {
  try {
    fs.accessSync(kubectlPath(), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface KubectlRun {
  ms: number;
  code: number | null;
  stdoutBytes: number;
  stderr: string;
}

/** stdout is counted, not kept (the JSON of 40,000 pods is large); stderr is kept for errors and -v logs. */
export function kubectl(args: string[], kubeconfigPath: string, cacheDir: string): Promise<KubectlRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlPath(), [...args, `--cache-dir=${cacheDir}`], {
      env: { ...process.env, KUBECONFIG: kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdoutBytes = 0;
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => { stdoutBytes += c.length; });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: performance.now() - started, code, stdoutBytes, stderr: Buffer.concat(err).toString('utf8') }));
  });
}

export async function kubectlOk(args: string[], kubeconfigPath: string, cacheDir: string): Promise<KubectlRun> {
  const r = await kubectl(args, kubeconfigPath, cacheDir);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  return r;
}

export const KUBECTL_GET_ALL = ['get', 'ns,pods,deploy,mutatingwebhookconfigurations', '-A', '-o', 'json'];
