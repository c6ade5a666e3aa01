/**
 * Child-process entry: runs one simulator so the server's CPU is not the benchmark's CPU.
 * argv[2] is JSON { scenario: GeneratedParams, podReadyDelayMs }; prints one JSON line, stops when stdin closes.
 */
import { generateScenario, startSimulator, type GeneratedParams, type Scenario } from '../src/sim/simulator';
import type { KubeObject } from '../src/sim/core/types';

interface ChildArgs {
  scenario: GeneratedParams;
  /** Bind every generated namespace (ns-*) to this revision instead of spreading them. */
  allBoundTo?: string;
  podReadyDelayMs?: number;
}

function bindAll(base: Scenario, revision: string): Scenario {
  const rebind = (o: KubeObject): KubeObject => (o.kind === 'Namespace' && o.metadata.name.startsWith('ns-')
    ? { ...o, metadata: { ...o.metadata, labels: { 'istio.io/rev': revision } } }
    : o);
  return {
    ...base,
    load(ctx) {
      const apply = ctx.apply.bind(ctx);
      ctx.apply = (...objects) => apply(...objects.flat().map(rebind));
      base.load(ctx);
    },
  };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const generated = generateScenario(args.scenario);
  const scenario = args.allBoundTo ? bindAll(generated, args.allBoundTo) : generated;
  const sim = await startSimulator({ scenarioDefinition: scenario, port: 0, podReadyDelayMs: args.podReadyDelayMs ?? 0 });
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
