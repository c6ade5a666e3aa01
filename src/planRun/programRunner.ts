/**
 * Running an install step's command: istioctl, helm or kubectl only, found on PATH, with an argument array (no
 * shell) — a plan file names the command, and a reviewed plan must not become a way to run anything else.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { findOnPath } from '../host/findOnPath';

export const INSTALL_PROGRAMS: ReadonlySet<string> = new Set(['istioctl', 'helm', 'kubectl']);

export interface ProgramResult {
  exitCode: number;
  output: string;
}

export type ProgramRunner = (args: readonly string[], signal?: AbortSignal) => Promise<ProgramResult>;

/** Why `args` may not run here (not one of the three, not on PATH), or undefined. */
export function programProblem(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const program = args[0];
  if (!program) return 'the step has no command';
  if (program.includes('/') || program.includes(path.sep) || !INSTALL_PROGRAMS.has(program)) {
    return `${JSON.stringify(program)} may not run from a plan: an install command runs istioctl, helm or kubectl, looked up on PATH`;
  }
  return findOnPath(program, env) ? undefined : `${program} is not on PATH`;
}

/** execFile from PATH; the output (stdout and stderr) is kept, the last 64 KiB of it. */
export const runFromPath: ProgramRunner = (args, signal) => new Promise((resolve) => {
  const file = findOnPath(args[0]) ?? args[0];
  execFile(file, args.slice(1), { signal, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
    const output = `${stdout}${stderr}`.slice(-65_536);
    const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
    resolve({ exitCode: code, output: error && !output ? error.message : output });
  });
});
