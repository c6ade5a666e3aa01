import { startSimProcess } from './simProcess';
import { memoryFigure } from './memoryFigure';
import { renderSection } from './report';
async function main() {
  const sim = await startSimProcess({ namespaces: 2000, podsPerNamespace: 20, revisions: 3, tags: 2 });
  const r = await memoryFigure(sim.kubeconfigPath, sim.contextName, 1, true);
  console.log(renderSection({ title: 'mem', rows: r.rows }));
  await sim.stop();
}
main();
