export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Options shared by the cluster-writing commands (parsed in cli.ts). */
export interface CommonArgs {
  kubeconfig?: string;
  context?: string;
  namespaces: string[];
  output: 'table' | 'json';
  dryRun: boolean;
  journal?: string;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  rolloutTimeoutMs?: number;
  execTimeoutMs?: number;
}

export const EXIT = { ok: 0, usage: 1, clusterError: 2, failed: 3, locked: 4 } as const;
