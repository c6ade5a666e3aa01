import * as os from 'node:os';
import { Fleet } from '../fleet/fleet';
import { resolveKubeconfigPaths } from '../kube/kubeconfigPaths';
import { toStatusJson } from '../mesh/statusJson';
import { toStatusTable } from '../mesh/statusTable';
import type { CallLogger } from '../kube/clusterClient';
import { failureText } from '../fleet/failureText';

export interface StatusArgs {
  kubeconfig?: string;
  context?: string;
  output: 'table' | 'json';
  verbose: boolean;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
}

import type { CliIo } from './cliTypes';

/** `status`: reads every context (or one) once, prints the model; exit 0, or 2 when a cluster could not be read. */
export async function statusCommand(args: StatusArgs, io: CliIo): Promise<number> {
  const { paths } = resolveKubeconfigPaths({ setting: args.kubeconfig, kubeconfigEnv: process.env.KUBECONFIG, home: os.homedir() });
  const logger: CallLogger | undefined = args.verbose ? {
    call: (ctx, method, path, status, ms) => io.err(`[${ctx}] ${method} ${path} → ${status} (${ms} ms)`),
    warn: (m) => io.err(`warning: ${m}`),
  } : undefined;
  const fleet = new Fleet({
    paths, logger, watch: false,
    contexts: args.context ? [args.context] : undefined,
    requestTimeoutMs: args.requestTimeoutMs, connectTimeoutMs: args.connectTimeoutMs,
  });
  try {
    await fleet.load();
    const clusters = fleet.clusters();
    if (args.context && clusters.length === 0) {
      io.err(`error: context "${args.context}" not found in ${paths.join(', ')}`);
      return 2;
    }
    for (const f of fleet.fileErrors) io.err(`error: ${f.message}`);
    const input = clusters.map((c) => ({
      context: c.context,
      snapshot: c.snapshot,
      error: c.error ? failureText(c.error, true) : undefined,
    }));
    io.out(args.output === 'json' ? JSON.stringify(toStatusJson(input), null, 2) : toStatusTable(input));
    const failed = clusters.some((c) => c.status !== 'ready') || fleet.fileErrors.length > 0 || clusters.length === 0;
    return failed ? 2 : 0;
  } finally {
    fleet.dispose();
  }
}
