/** A parameterised large cluster for benchmarks: namespaces spread over revisions, tags and no label. */
import { controlPlane, istioNamespaceObject, revisionTag, type ControlPlane } from './istioObjects';
import type { Scenario } from './scenarioContext';
import { deployment, namespace } from './workloadObjects';

export interface GeneratedParams {
  namespaces: number;
  podsPerNamespace: number;
  revisions?: number;
  tags?: number;
  /** Largest Deployment; a namespace gets ceil(podsPerNamespace / this) Deployments. */
  maxReplicas?: number;
}

const VERSIONS = ['1.22.3', '1.23.4', '1.24.2', '1.25.1', '1.26.0', '1.27.0'];
const TAG_NAMES = ['prod', 'canary', 'stable', 'beta'];

function versionAt(i: number): string {
  return VERSIONS[i] ?? `1.${28 + i - VERSIONS.length}.0`;
}

export function generateScenario(params: GeneratedParams): Scenario {
  const revisionCount = Math.max(1, params.revisions ?? 3);
  const tagCount = Math.max(0, params.tags ?? 2);
  const maxReplicas = Math.max(1, params.maxReplicas ?? 5);
  return {
    name: 'generated',
    seed: `generated-${params.namespaces}x${params.podsPerNamespace}`,
    description: `${params.namespaces} namespaces × ${params.podsPerNamespace} pods over ${revisionCount} revisions and ${tagCount} tags`,
    load(ctx) {
      const planes: ControlPlane[] = Array.from({ length: revisionCount }, (_, i) => {
        const version = versionAt(i);
        return { revision: version.replace(/\./g, '-'), version, installer: 'helm' };
      });
      ctx.apply(istioNamespaceObject());
      for (const cp of planes) ctx.apply(controlPlane(cp));
      const tags = Array.from({ length: tagCount }, (_, i) => TAG_NAMES[i] ?? `tag-${i + 1}`);
      tags.forEach((tag, i) => {
        const target = i === 0 ? planes[Math.max(0, planes.length - 2)] : i === 1 ? planes[planes.length - 1] : planes[i % planes.length];
        ctx.apply(revisionTag(tag, target, Number(target.version.split('.')[1]) >= 27));
      });
      const bindings: (string | undefined)[] = [...planes.map((p) => p.revision), ...tags, undefined];
      const width = String(params.namespaces).length;
      for (let n = 0; n < params.namespaces; n++) {
        const name = `ns-${String(n + 1).padStart(width, '0')}`;
        const binding = bindings[n % bindings.length];
        ctx.apply(namespace(name, binding ? { 'istio.io/rev': binding } : {}));
        let remaining = params.podsPerNamespace;
        for (let d = 0; remaining > 0; d++) {
          const replicas = Math.min(maxReplicas, remaining);
          remaining -= replicas;
          ctx.apply(deployment(name, `app-${d + 1}`, { replicas, version: 'v1' }));
        }
      }
    },
  };
}

export const generatedDefault: Scenario = generateScenario({ namespaces: 12, podsPerNamespace: 4, revisions: 3, tags: 2 });
