import type { Journal, RunRecord } from '../upgrade/journal';
import { errorMessage, UpgradeError } from '../upgrade/upgradeErrors';
import { EXIT, type CliIo } from './cliTypes';

/** Runs one journaled step: marks the run completed or failed (with the reason) and maps it to an exit code. */
export async function journaledRun<T>(journal: Journal, run: RunRecord | undefined, io: CliIo, work: () => Promise<T>, report: (result: T) => void): Promise<number> {
  try {
    const result = await work();
    if (run) journal.updateRun(run, { status: 'completed' });
    report(result);
    return EXIT.ok;
  } catch (e) {
    if (run) journal.updateRun(run, { status: 'failed', error: errorMessage(e) });
    io.err(`error: ${errorMessage(e)}`);
    // A refusal of the engine's own checks (the new gateway is not ready, nothing to switch back) comes before any
    // write: exit 1 like a refused plan. Anything else failed a step.
    return e instanceof UpgradeError && e.kind === 'refused' ? EXIT.usage : EXIT.failed;
  }
}
