// Writes schemas/istio-upgrade-plan.schema.json from the plan format table (src/plan/planJsonSchema.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planJsonSchema } from '../src/plan/planJsonSchema';

export const PLAN_SCHEMA_FILE = path.join(__dirname, '..', 'schemas', 'istio-upgrade-plan.schema.json');

if (require.main === module) {
  fs.writeFileSync(PLAN_SCHEMA_FILE, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${PLAN_SCHEMA_FILE}`);
}
