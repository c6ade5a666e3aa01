/**
 * Child-process entry (run with --expose-gc): loads one cluster through our stack with nothing else in the
 * process and prints heap/RSS growth as JSON. argv: kubeconfigPath context.
 */
import { loadKubeconfigs } from '../src/kube/kubeconfigLoader';
import { openClusterSession } from '../src/kube/clusterSession';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [kubeconfigPath, context] = process.argv.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 5);
  const session = openClusterSession(loadKubeconfigs([kubeconfigPath]), context, { watch: false });
  await session.cache.start();
  const snapshot = buildSnapshot(context, session.cache.inventory());
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  session.dispose();
  await new Promise((r) => setTimeout(r, 100));
  gc();
  gc();
  const after = process.memoryUsage();
  // Keep the model reachable until after the measurement.
  const kept = session.cache.inventory().pods.length + snapshot.namespaces.length;
  process.stdout.write(JSON.stringify({
    heapGrowthMB: (after.heapUsed - before.heapUsed) / MB,
    rssGrowthMB: (after.rss - before.rss) / MB,
    peakRssMB: peakRss / MB,
    peakRssGrowthMB: (peakRss - before.rss) / MB,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    baselineRssMB: before.rss / MB,
    kept,
  }));
}

main().catch((e: unknown) => {
  process.stderr.write(`memory child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
