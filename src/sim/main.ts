/**
 * CLI: `tsx src/sim/main.ts --scenario NAME --port P --pod-ready-delay MS --operator-delay MS --self-heal-delay MS
 * --state-dir DIR --regression REV:NS/WORKLOAD:PCT[:+MS]|none --idle NS/WORKLOAD`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SCENARIO, scenarioNames, startSimulator, trafficArgs } from './simulator';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: DEFAULT_SCENARIO },
      port: { type: 'string', default: '0' },
      'pod-ready-delay': { type: 'string', default: '0' },
      'operator-delay': { type: 'string', default: '300' },
      'self-heal-delay': { type: 'string', default: '2000' },
      'state-dir': { type: 'string' },
      regression: { type: 'string', multiple: true },
      idle: { type: 'string', multiple: true },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || values.list) {
    if (values.help) process.stdout.write('usage: sim [--scenario NAME] [--port P] [--pod-ready-delay MS] [--operator-delay MS] [--self-heal-delay MS] [--state-dir DIR] [--regression REV:NS/WORKLOAD:PCT[:+MS]|none]… [--idle NS/WORKLOAD]… [--list]\n');
    process.stdout.write(`scenarios: ${scenarioNames().join(', ')}\n`);
    return;
  }
  const sim = await startSimulator({
    scenario: values.scenario,
    port: Number(values.port),
    podReadyDelayMs: Number(values['pod-ready-delay']),
    operatorDelayMs: Number(values['operator-delay']),
    selfHealDelayMs: Number(values['self-heal-delay']),
    stateDir: values['state-dir'],
    traffic: trafficArgs(values.regression, values.idle),
  });
  const shutdown = () => {
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  // Handlers first: whoever reads the printed lines may signal us right away.
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.stdout.write(`kubeconfig: ${sim.kubeconfigPath}\nurl: ${sim.url}\ncontext: ${sim.contextName}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message ?? String(e)}\n`);
  process.exit(1);
});
