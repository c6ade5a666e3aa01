import { migrationFigure } from './migrationFigure';
import { renderSection } from './report';
async function main() {
  const r = await migrationFigure({ ours: Number(process.argv[2] ?? 1), kubectl: Number(process.argv[3] ?? 0) });
  console.log(renderSection({ title: 'migration', rows: r.rows }));
}
main();
