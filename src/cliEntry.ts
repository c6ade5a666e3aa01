/**
 * dist/cli.js: checks the Node.js version, then loads the CLI bundle (dist/cli-main.js, built from src/cli.ts).
 * A separate file, so that nothing the CLI needs is parsed or loaded on a Node.js too old for it.
 */
import { nodeTooOld } from './cli/nodeVersion';

const problem = nodeTooOld(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 1;
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only after the version check, at run time
  (require('./cli-main.js') as { runCli(argv: string[]): void }).runCli(process.argv.slice(2));
}
