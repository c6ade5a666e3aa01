import { startSimProcess } from './simProcess';
import { realClusterFigure } from './realClusterFigure';
import { renderSection } from './report';
async function main() {
  const sim = await startSimProcess({ namespaces: 500, podsPerNamespace: 20, revisions: 3, tags: 2 });
  const r = await realClusterFigure(sim, { snapshot: 2, kubectl: 1 });
  if (r) console.log(renderSection({ title: 'real', rows: r.rows }));
  await sim.stop();
}
main();
