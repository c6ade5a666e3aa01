/**
 * Child-process entry: runs one simulator so the server's CPU is not the benchmark's CPU.
 * argv[2] is JSON { scenario: GeneratedParams, podReadyDelayMs }; prints one JSON line, stops when stdin closes.
 */
import { generateScenario, startSimulator, type GeneratedParams } from '../src/sim/simulator';

interface ChildArgs {
  scenario: GeneratedParams;
  podReadyDelayMs?: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const sim = await startSimulator({ scenarioDefinition: generateScenario(args.scenario), port: 0, podReadyDelayMs: args.podReadyDelayMs ?? 0 });
  process.stdout.write(`${JSON.stringify({
    url: sim.url, kubeconfigPath: sim.kubeconfigPath, contextName: sim.contextName, adminToken: sim.adminToken, caPem: sim.caPem,
  })}\n`);
  const stop = () => void sim.stop().then(() => process.exit(0), () => process.exit(1));
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`simulator child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
