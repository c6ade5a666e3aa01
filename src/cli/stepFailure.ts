import { UpgradeError, errorMessage } from '../upgrade/upgradeErrors';
import { EXIT, type CliIo } from './cliTypes';

/** A run that failed after it started: the message, and exit 4 when another operator's lock refused it, else 3. */
export function stepFailure(e: unknown, io: CliIo): number {
  io.err(`error: ${errorMessage(e)}`);
  return e instanceof UpgradeError && e.kind === 'locked' ? EXIT.locked : EXIT.failed;
}
