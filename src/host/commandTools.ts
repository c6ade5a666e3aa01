/**
 * The programs the terminal commands need (helm, istioctl): found without a shell and asked for their version first
 * (`helm version --short`, `istioctl version --remote=false --short`: argument arrays with a time-out), since Helm 2
 * takes other commands, istioctl installs its own version, and a wrong `istioCanary.helmPath` / `istioctlPath`
 * should say so before a terminal types anything.
 */
import { execFile } from 'node:child_process';
import { findOnPath } from './findOnPath';

/** `warning`: the tool runs, but its version is not the one the commands want (shown before running). */
export type ToolCheck = { ok: true; path: string; version?: string; warning?: string } | { ok: false; problem: string };

/** The settings that name the tools (machine scope); undefined = on PATH. */
export interface ToolPaths {
  helm?: string;
  istioctl?: string;
}

/** What istioctl's version should be: the version it installs, or near the cluster's revisions. */
export interface IstioctlExpectation {
  installs?: string;
  clusterVersions?: readonly string[];
}

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

const VERSION = /(\d+)\.(\d+)\.(\d+)/;

/** Why istioctl `tool` (x.y.z) does not fit, or undefined: another version than it installs, or over a minor from the cluster. */
export function istioctlVersionWarning(tool: string, expect: IstioctlExpectation): string | undefined {
  const t = VERSION.exec(tool);
  if (!t) return undefined;
  const want = expect.installs ? VERSION.exec(expect.installs) : null;
  if (want) {
    return want[0] === t[0] ? undefined
      : `istioctl ${t[0]} installs Istio ${t[0]}, not ${want[0]}: use istioctl ${want[0]} (set istioCanary.istioctlPath to it).`;
  }
  const minors = (expect.clusterVersions ?? []).map((v) => VERSION.exec(v)).filter((m): m is RegExpExecArray => m !== null && m[1] === t[1]).map((m) => Number(m[2]));
  if (!expect.clusterVersions?.length) return undefined;
  if (minors.some((m) => Math.abs(m - Number(t[2])) <= 1)) return undefined;
  return `istioctl ${t[0]} is more than one minor version away from the cluster's revisions (${expect.clusterVersions.join(', ')}): istioctl supports its own minor and the ones next to it.`;
}

/** `setting` (istioCanary.istioctlPath) or `istioctl` on PATH, printing a version; a version that does not fit gets a warning. */
export async function checkIstioctl(setting: string | undefined, expect: IstioctlExpectation = {}, timeoutMs = 10_000): Promise<ToolCheck> {
  const path = setting || findOnPath('istioctl');
  if (!path) return { ok: false, problem: 'istioctl is not on PATH: install it, or set istioCanary.istioctlPath to its executable' };
  let out: string;
  try {
    out = await run(path, ['version', '--remote=false', '--short'], timeoutMs);
  } catch (e) {
    return { ok: false, problem: `${path} version --remote=false --short failed (${e instanceof Error ? e.message : String(e)}): check istioCanary.istioctlPath` };
  }
  const m = VERSION.exec(out);
  if (!m) return { ok: false, problem: `${path} did not print an istioctl version (${JSON.stringify(out.trim().slice(0, 80))}): check istioCanary.istioctlPath` };
  const warning = istioctlVersionWarning(m[0], expect);
  return { ok: true, path, version: m[0], ...(warning ? { warning } : {}) };
}

/** The setting that names a tool, for "Open Settings". */
export function toolSetting(name: string): string | undefined {
  return name === 'helm' ? 'istioCanary.helmPath' : name === 'istioctl' ? 'istioCanary.istioctlPath' : undefined;
}

/** The program for `argv[0]` of an owner command: helm and istioctl (checked), or another tool on PATH. */
export async function resolveTool(name: string, paths: ToolPaths, istioctl: IstioctlExpectation = {}): Promise<ToolCheck> {
  if (name === 'helm') return checkHelm(paths.helm);
  if (name === 'istioctl') return checkIstioctl(paths.istioctl, istioctl);
  const path = findOnPath(name);
  return path ? { ok: true, path } : { ok: false, problem: `${name} is not on PATH` };
}
