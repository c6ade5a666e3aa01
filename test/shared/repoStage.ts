/**
 * A throw-away copy of this repository as a clone has it (tracked files plus new, not ignored ones; never dist/,
 * test output or other ignored files), with node_modules linked: packaging runs there and never touches this
 * checkout's dist/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

export interface RepoStage {
  dir: string;
  /** Runs a program in the copy (argument array, no shell); throws with its output when it fails. */
  run(file: string, args: string[], env?: NodeJS.ProcessEnv): string;
  remove(): void;
}

export function stageRepo(prefix: string): RepoStage {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  for (const file of listed.split('\0')) {
    const from = path.join(REPO, file);
    if (!file || !fs.existsSync(from) || !fs.statSync(from).isFile()) continue; // deleted in the work tree, or a submodule
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return {
    dir,
    run: (file, args, env = {}) => {
      try {
        return execFileSync(file, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
      }
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
