/**
 * Starts code-server (VS Code 1.139 served to a browser) with throw-away user data, extensions and XDG
 * folders, for the e2e rig and `npm start`. Install it first with scripts/vscode/ensureCodeServer.sh.
 * See docs/test-rigs.md, section 4.
 *
 * Env: RIG_CACHE (install cache), RIG_KEEP=1 (keep the scratch folder after stop()).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pollUntil } from './poll';
import { trackProcessGroup, trackScratchDir } from './processCleanup';

export interface CodeServerOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Absolute path of the extension folder (the one holding package.json). */
  extensionDevelopmentPath: string;
  /** Folder to open in the workbench. Default: a scratch folder. */
  folder?: string;
  /** Extra environment of the server; it reaches the extension host. */
  env: Record<string, string>;
  /** Merged over the quiet defaults into User/settings.json (and Machine/settings.json, for machine-scoped settings). */
  userSettings?: Record<string, unknown>;
  /** Absolute path of a compiled test index (`run(): Promise<void>`): turns the smoke-test driver on. */
  testsPath?: string;
  /**
   * Also link the extension folder into the extensions dir as if installed, so the plain URL
   * (`http://127.0.0.1:<port>/`, no payload) loads it: what a person opening `npm start`'s URL needs.
   */
  linkExtension?: boolean;
  /** More extension folders linked into the extensions dir as installed (e.g. a test double of another extension). */
  extraExtensions?: string[];
  /** Pass `--vscode-option enable-smoke-test-driver` (default: when testsPath is set). */
  smokeTestDriver?: boolean;
  /** Where code-server's output goes. Default: inside the scratch folder. */
  logPath?: string;
}

export interface CodeServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  /** The workbench URL with the folder and the payload that loads the extension (and the tests). */
  workbenchUrl: string;
  port: number;
  logPath: string;
  scratchDir: string;
  stop(): Promise<void>;
}

export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function rigCacheDir(): string {
  return process.env.RIG_CACHE || path.join(os.homedir(), '.cache', 'istio-canary-rig');
}

export function codeServerEntry(): string {
  const entry = path.join(rigCacheDir(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed (${entry} missing): run scripts/vscode/ensureCodeServer.sh`);
  }
  return entry;
}

/** code-server insists on Node 24: the one it was built with, else this process's own Node 24. */
export function node24(): string {
  const recorded = path.join(rigCacheDir(), 'code-server', 'node-path');
  if (fs.existsSync(recorded)) {
    const p = fs.readFileSync(recorded, 'utf8').trim();
    if (fs.existsSync(p)) return p;
  }
  if (process.versions.node.startsWith('24.')) return process.execPath;
  throw new Error(`no Node 24 found for code-server (this process runs Node ${process.versions.node})`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface WorkbenchUrlInput {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  folder: string;
  extensionDevelopmentPath: string;
  testsPath?: string;
}

/** `/?folder=…&payload=…`: the payload is how the browser workbench learns about a development extension. */
export function workbenchUrl(input: WorkbenchUrlInput): string {
  const authority = new URL(input.baseUrl).host;
  const remote = (p: string): string => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(input.extensionDevelopmentPath)]];
  if (input.testsPath) payload.push(['extensionTestsPath', remote(input.testsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = `folder=${encodeURIComponent(path.resolve(input.folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return `${input.baseUrl}/?${query}`;
}

/** A symlink named `<publisher>.<name>-<version>` in the extensions dir is picked up as an installed extension. */
function linkAsInstalled(extensionPath: string, extensionsDir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  fs.symlinkSync(path.resolve(extensionPath), path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** The parent's environment minus anything that would tie the child to another VS Code. */
function childEnv(scratch: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) continue;
    env[k] = v;
  }
  return {
    ...env,
    XDG_CONFIG_HOME: path.join(scratch, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg', 'cache'),
    XDG_STATE_HOME: path.join(scratch, 'xdg', 'state'),
    ...extra,
  };
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const entry = codeServerEntry();
  const node = node24();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-canary-cs-'));
  const untrackScratch = trackScratchDir(scratch);
  const userData = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const folder = opts.folder ?? path.join(scratch, 'workspace');
  for (const d of [path.join(userData, 'User'), extensionsDir, folder, path.join(scratch, 'xdg', 'config'), path.join(scratch, 'xdg', 'data')]) {
    fs.mkdirSync(d, { recursive: true });
  }
  if (opts.linkExtension) linkAsInstalled(opts.extensionDevelopmentPath, extensionsDir);
  for (const extra of opts.extraExtensions ?? []) linkAsInstalled(extra, extensionsDir);
  const settings = JSON.stringify({ ...QUIET_SETTINGS, ...opts.userSettings }, null, 2);
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), settings);
  // code-server is a remote window: `machine`-scoped settings (istioCanary.connect, .kubeconfig, .helmPath) are read
  // only from the remote's Machine settings, never from User settings (microsoft/vscode-remote-release#2).
  fs.mkdirSync(path.join(userData, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'Machine', 'settings.json'), settings);
  const configFile = path.join(scratch, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = opts.port && opts.port > 0 ? opts.port : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    entry,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  // Without the smoke-test driver the built workbench ignores the tests in the payload.
  if (opts.smokeTestDriver ?? Boolean(opts.testsPath)) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(folder);

  const logPath = opts.logPath ?? path.join(scratch, 'code-server.log');
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(node, args, {
    cwd: scratch,
    env: childEnv(scratch, opts.env),
    stdio: ['ignore', logFd, logFd],
    detached: true, // its own process group, so stop() also ends the extension host and its helpers
  });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  const untrack = trackProcessGroup(pid);
  let exited: string | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = `code-server exited (code ${code}, signal ${signal}); see ${logPath}`;
      resolve();
    });
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // gone already
      }
      await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    untrack();
    untrackScratch();
    if (process.env.RIG_KEEP !== '1') {
      // keep the log if it was put outside the scratch folder
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  };

  try {
    await pollUntil(async () => {
      if (exited) throw new Error(exited);
      return (await httpStatus(`${url}/healthz`)) === 200;
    }, { timeoutMs: 60_000, intervalMs: 150, what: `${url}/healthz` });
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    url,
    port,
    logPath,
    scratchDir: scratch,
    workbenchUrl: workbenchUrl({ baseUrl: url, folder, extensionDevelopmentPath: opts.extensionDevelopmentPath, testsPath: opts.testsPath }),
    stop,
  };
}
