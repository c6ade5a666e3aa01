/**
 * The programs an owner's commands need (helm, istioctl): found without a shell, and — for helm — asked for its
 * version first (`helm version --short`, an argument array with a time-out), since Helm 2 takes other commands and
 * a wrong `istioCanary.helmPath` should say so before a terminal types anything.
 */
import { execFile } from 'node:child_process';
import { findOnPath } from './findOnPath';

export type ToolCheck = { ok: true; path: string; version?: string } | { ok: false; problem: string };

const HELM_VERSION = /v(\d+)\.(\d+)\.(\d+)/;

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: 64 * 1024 }, (error, stdout, stderr) => {
      const why = String(stderr).trim().split('\n')[0]?.slice(0, 200) || error?.message.split('\n')[0];
      if (error) reject(new Error(`${why}${error.code !== undefined ? ` (exit ${error.code})` : ''}`));
      else resolve(String(stdout));
    });
  });
}

/** `setting` (istioCanary.helmPath) or `helm` on PATH, at version 3 or newer. */
export async function checkHelm(setting: string | undefined, timeoutMs = 10_000): Promise<ToolCheck> {
  const path = setting || findOnPath('helm');
  if (!path) return { ok: false, problem: 'helm is not on PATH: install Helm 3+, or set istioCanary.helmPath to its executable' };
  let out: string;
  try {
    out = await run(path, ['version', '--short'], timeoutMs);
  } catch (e) {
    return { ok: false, problem: `${path} version --short failed (${e instanceof Error ? e.message : String(e)}): check istioCanary.helmPath` };
  }
  const m = HELM_VERSION.exec(out);
  if (!m) return { ok: false, problem: `${path} did not print a Helm version (${JSON.stringify(out.trim().slice(0, 80))})` };
  if (Number(m[1]) < 3) return { ok: false, problem: `${path} is Helm ${m[0]}: these commands need Helm 3 or newer` };
  return { ok: true, path, version: m[0] };
}

/** The program for `argv[0]` of an owner command: helm (checked), or another tool on PATH. */
export async function resolveTool(name: string, helmSetting: string | undefined): Promise<ToolCheck> {
  if (name === 'helm') return checkHelm(helmSetting);
  const path = findOnPath(name);
  return path ? { ok: true, path } : { ok: false, problem: `${name} is not on PATH` };
}
