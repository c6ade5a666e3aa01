/**
 * What the e2e tests expect to see, per simulator scenario (facts from the README's "What you see"
 * and the simulator scenarios, docs/architecture.md section 7). Shared by the runner (which passes the contexts in $E2E_EXPECT) and the in-host tests.
 */
export interface E2eExpectations {
  clusters: { context: string; scenario: string; server?: string; kubeconfigPath?: string }[];
  /** Context whose server is a closed loopback port. */
  deadContext: string;
  /** A kubeconfig file that is not YAML. */
  garbageFile: string;
}

export interface NamespaceFact {
  name: string;
  /** Text that must appear in the namespace node's description or tooltip: why it is bound there. */
  via: string;
}

export interface RevisionFact {
  name: string;
  version: string;
  /** true: marked as the default revision; false: must not be marked; undefined: not checked. */
  isDefault?: boolean;
  /** Tags pointing at this revision (tag nodes under it). */
  tags?: string[];
  namespaces?: NamespaceFact[];
}

export interface ScenarioFacts {
  revisions: RevisionFact[];
  /** At least this many revisions (for scenarios whose exact shape is not pinned). */
  minRevisions?: number;
}

export const SCENARIO_FACTS: Record<string, ScenarioFacts> = {
  'canary-1-6-to-1-7': {
    revisions: [
      {
        name: 'default', version: '1.6.14', isDefault: true,
        namespaces: [
          { name: 'demo-a', via: 'istio-injection=enabled' },
          { name: 'demo-b', via: 'istio-injection=enabled' },
        ],
      },
      { name: 'canary', version: '1.7.0', isDefault: false },
    ],
  },
  'tags-prod-canary': {
    revisions: [
      { name: '1-7-6', version: '1.7.6', tags: ['prod'], namespaces: [{ name: 'a', via: 'prod' }, { name: 'b', via: 'prod' }] },
      { name: '1-8-0', version: '1.8.0', tags: ['canary'], namespaces: [{ name: 'c', via: 'canary' }] },
    ],
  },
  'blue-green-gateways': {
    revisions: [
      { name: '1-9-7', version: '1.9.7' },
      { name: '1-10-4', version: '1.10.4' },
    ],
  },
  // Two control planes at once is what "mid-upgrade" means; its exact revisions are the simulator's.
  'mid-upgrade': { revisions: [], minRevisions: 2 },
};

export function readExpectations(): E2eExpectations {
  const raw = process.env.E2E_EXPECT;
  if (!raw) throw new Error('E2E_EXPECT is not set: run the e2e tests through test/e2e/runE2e.ts or .vscode-test.mjs');
  return JSON.parse(raw) as E2eExpectations;
}
