/**
 * Which exit code an error that reaches the CLI's top level means (README "Exit codes"): a usage error or a refusal
 * of ours → 1, a cluster or kubeconfig that could not be read → 2, anything else (a step that failed) → 3.
 */
import { UpgradeError } from '../upgrade/upgradeErrors';
import { EXIT } from './cliTypes';

/** Bad arguments: the message names the argument and what is wrong with it; the usage text follows. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A request refused before anything was written (a missing run, a plan the checks block). No usage text. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

function isParseArgsError(e: unknown): e is TypeError {
  return e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS');
}

/** ClusterError by shape (kind + context): the kube layer's failures, kubeconfig problems included. */
function isClusterFailure(e: unknown): boolean {
  return !!e && typeof e === 'object' && 'kind' in e && 'context' in e;
}

export function isUsageError(e: unknown): boolean {
  return e instanceof UsageError || isParseArgsError(e);
}

export function exitCodeOf(e: unknown): number {
  if (isUsageError(e) || e instanceof RefusedError) return EXIT.usage;
  if (e instanceof UpgradeError && e.kind === 'refused') return EXIT.usage;
  if (isClusterFailure(e)) return EXIT.clusterError;
  return EXIT.failed;
}
