import { UpgradeError, errorMessage } from '../upgrade/upgradeErrors';
import { EXIT, type CliIo } from './cliTypes';

/**
 * A journaled step that failed, as an exit code: 4 when another operator's lock refused it, 1 when the engine's own
 * checks refused it before any write (the new gateway is not ready, nothing to switch back), else 3.
 */
export function stepFailure(e: unknown, io: CliIo): number {
  io.err(`error: ${errorMessage(e)}`);
  if (e instanceof UpgradeError && e.kind === 'locked') return EXIT.locked;
  return e instanceof UpgradeError && e.kind === 'refused' ? EXIT.usage : EXIT.failed;
}
