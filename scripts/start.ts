/**
 * `npm start` (after `npm run build`): a simulated Istio cluster, and the extension open on it in a real
 * VS Code — desktop `code` when it is on PATH, else code-server in your browser.
 *
 *   npm start -- [--scenario canary-1-6-to-1-7|tags-prod-canary|blue-green-gateways|mid-upgrade|helm-canary|sail-revision-based|gitops|traffic-gate|blast-radius|all]
 *                [--port 8080] [--pod-ready-delay 1500] [--code-server] [--regression REV:NS/WORKLOAD:PCT[:+MS]|none]… [--idle NS/WORKLOAD]…
 *
 * Runs until Ctrl-C, then stops everything it started.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator, trafficArgs } from '../src/sim/simulator';
import { startCodeServer } from './vscode/codeServer';
import { onShutdown } from './vscode/processCleanup';

const REPO = path.resolve(__dirname, '..');
const SCENARIOS = ['canary-1-6-to-1-7', 'tags-prod-canary', 'blue-green-gateways', 'mid-upgrade', 'helm-canary', 'sail-revision-based', 'gitops', 'traffic-gate', 'blast-radius'];

function onPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'canary-1-6-to-1-7' },
      port: { type: 'string', default: '8080' },
      'pod-ready-delay': { type: 'string', default: '1500' },
      'code-server': { type: 'boolean', default: false },
      regression: { type: 'string', multiple: true },
      idle: { type: 'string', multiple: true },
    },
  });
  const scenarios = values.scenario === 'all' ? SCENARIOS : [values.scenario];
  for (const s of scenarios) {
    if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}; one of ${SCENARIOS.join(', ')} or all`);
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run `npm run build` (npm start does)');

  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop();
  };
  onShutdown(stopAll);

  const kubeconfigs: string[] = [];
  for (const scenario of scenarios) {
    const sim = await startSimulator({ scenario, port: 0, podReadyDelayMs: Number(values['pod-ready-delay']), traffic: trafficArgs(values.regression, values.idle) });
    stops.push(() => sim.stop());
    kubeconfigs.push(sim.kubeconfigPath);
    console.log(`simulator ${scenario}: ${sim.url} (context ${sim.contextName})`);
  }
  const KUBECONFIG = kubeconfigs.join(path.delimiter);

  const code = values['code-server'] ? undefined : onPath('code');
  if (code) {
    spawn(code, [`--extensionDevelopmentPath=${REPO}`, '--new-window'], {
      env: { ...process.env, KUBECONFIG },
      stdio: 'inherit',
    }).on('error', (e) => console.error(`could not start ${code}: ${e.message}`));
    console.log(`Opened VS Code (${code}) with the extension from ${REPO}`);
  } else {
    execFileSync('bash', [path.join(REPO, 'scripts', 'vscode', 'ensureCodeServer.sh')], { stdio: 'inherit' });
    const server = await startCodeServer({
      port: Number(values.port),
      extensionDevelopmentPath: REPO,
      env: { KUBECONFIG },
      linkExtension: true,
    });
    stops.push(() => server.stop());
    console.log(`\nOpen ${server.url}/ in a browser: the "Istio Upgrades" icon is in the activity bar.`);
    console.log(`(code-server log: ${server.logPath}; after \`npm run build\`, run "Developer: Reload Window".)`);
  }
  console.log(`KUBECONFIG=${KUBECONFIG}`);
  console.log('   (kubectl works against it too.) Ctrl-C stops everything.');
  await new Promise<never>(() => undefined); // until Ctrl-C: onShutdown stops the servers
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
