/** The scenario registry. `generated` also accepts parameters: `generated?namespaces=2000&podsPerNamespace=20`. */
import { blueGreenGateways } from './blue-green-gateways';
import { canary16to17 } from './canary-1-6-to-1-7';
import { generatedDefault, generateScenario, type GeneratedParams } from './generated';
import { gitops } from './gitops';
import { helmCanary } from './helm-canary';
import { midUpgrade } from './mid-upgrade';
import { sailRevisionBased } from './sail-revision-based';
import type { Scenario } from './scenarioContext';
import { tagsProdCanary } from './tags-prod-canary';
import { trafficGate } from './traffic-gate';
import { blastRadius } from './blast-radius';

export type { Scenario } from './scenarioContext';
export { generateScenario, type GeneratedParams } from './generated';

const SCENARIOS: Scenario[] = [canary16to17, tagsProdCanary, blueGreenGateways, midUpgrade, helmCanary, sailRevisionBased, gitops, trafficGate, blastRadius, generatedDefault];

export function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

export function findScenario(spec: string): Scenario | undefined {
  const [name, query] = spec.split('?');
  if (name === 'generated' && query) {
    const q = new URLSearchParams(query);
    const num = (key: string, fallback: number) => (q.has(key) ? Number(q.get(key)) : fallback);
    const params: GeneratedParams = {
      namespaces: num('namespaces', 12),
      podsPerNamespace: num('podsPerNamespace', 4),
      revisions: num('revisions', 3),
      tags: num('tags', 2),
      maxReplicas: num('maxReplicas', 5),
    };
    return generateScenario(params);
  }
  return SCENARIOS.find((s) => s.name === name);
}
