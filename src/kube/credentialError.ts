/** Failures while computing credentials (exec plugin, token file, certificate files), before any request. */
import { isClusterError, type ClusterError } from './clusterError';
import { make, oneLine, type ErrorLike } from './errorMapping';

/** A failure while computing credentials (exec plugin, token file, certificate files) before the request. */
export function credentialError(context: string, err: unknown, execCommand?: string): ClusterError {
  if (isClusterError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const call = { context };
  if (e.syscall?.startsWith('spawn')) {
    const command = e.path ?? execCommand ?? 'exec plugin';
    if (e.code === 'ENOENT') {
      return make(call, {
        kind: 'unauthorized',
        message: `exec plugin \`${command}\` not found on PATH`,
        remedy: 'use an absolute path in the kubeconfig (users[].user.exec.command); VS Code started from the Dock or over Remote-SSH may not have your shell\'s PATH',
      });
    }
    return make(call, {
      kind: 'unauthorized',
      message: `exec plugin \`${command}\` could not be started (${e.code ?? 'error'})`,
      remedy: 'check the command in users[].user.exec of the kubeconfig is an executable file',
    });
  }
  if ((e.syscall === 'open' || e.syscall === 'read') && e.path) {
    return make(call, {
      kind: 'badConfig',
      message: `cannot read ${e.path}, named in the kubeconfig (${e.code === 'ENOENT' ? 'no such file' : e.code ?? 'error'})`,
      remedy: 'fix the certificate / key / token file path in the kubeconfig',
    });
  }
  if (/HTTP protocol is not allowed/.test(e.message ?? '')) {
    return make(call, {
      kind: 'badConfig',
      message: 'the cluster\'s server uses http:// without insecure-skip-tls-verify',
      remedy: 'use the https:// address of the API server',
    });
  }
  if (execCommand) {
    const detail = oneLine(e.message ?? '');
    return make(call, {
      kind: 'unauthorized',
      message: e.name === 'SyntaxError'
        ? `exec plugin \`${execCommand}\` did not print a valid ExecCredential`
        : `exec plugin \`${execCommand}\` failed${detail ? `: ${detail}` : ''}`,
      remedy: `run \`${execCommand}\` in a terminal to see why (you may need to log in again)`,
    });
  }
  return make(call, {
    kind: 'unauthorized',
    message: `cannot get credentials for the cluster: ${oneLine(e.message ?? String(err))}`,
    remedy: 'check the user entry of the kubeconfig (auth provider / token)',
  });
}

/** The exec plugin gave no credential in time and was stopped: the plugin is to blame, not the API server. */
export function execTimeoutError(context: string, command: string, timeoutMs: number): ClusterError {
  const s = Math.round(timeoutMs / 100) / 10;
  return make({ context }, {
    kind: 'timeout',
    message: `timeout: exec plugin \`${command}\` gave no credential within ${s} s and was stopped`,
    remedy: `run \`${command}\` in a terminal to see why: it may be waiting for a login or a prompt (plugins run without a terminal); if it is only slow, raise istioCanary.execTimeoutSeconds or --exec-timeout`,
  });
}
