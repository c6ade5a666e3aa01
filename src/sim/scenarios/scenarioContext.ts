/** What a scenario script can do: create objects through the API (admission + controllers), relabel, restart. */
import type { GitRepository } from '../controllers/gitRepository';
import type { ClusterApi } from '../core/clusterApi';
import { resourceByName } from '../core/resourceRegistry';
import { SYSTEM_CONTEXT, type KubeObject } from '../core/types';
import { SeededRandom } from '../util/random';
import type { TrafficOptions } from '../prometheus/trafficModel';

export interface Scenario {
  name: string;
  /** Seed for pod names and uids, so every run of a scenario looks the same. */
  seed: string;
  description: string;
  load(ctx: ScenarioContext): void;
  /** The simulated Prometheus's traffic (e.g. a regression the demo shows); simulator options override it. */
  traffic?: TrafficOptions;
}

export class ScenarioContext {
  readonly random: SeededRandom;

  /** `git`: the simulated Git repository GitOps scenarios fill (what Argo CD / Flux would apply). */
  constructor(readonly api: ClusterApi, seed: string, readonly git?: GitRepository) {
    this.random = new SeededRandom(`${seed}/scenario`);
  }

  apply(...objects: (KubeObject | KubeObject[])[]): void {
    for (const obj of objects.flat()) {
      const type = this.api.resources.forKind(obj.apiVersion ?? '', obj.kind ?? '');
      if (!type) throw new Error(`scenario object of unknown kind ${obj.apiVersion}/${obj.kind}`);
      this.api.create(type, obj.metadata.namespace, obj, SYSTEM_CONTEXT);
    }
  }

  /** `kubectl label` as a merge patch: null removes a label. */
  label(resource: string, ns: string | undefined, name: string, labels: Record<string, string | null>): void {
    this.api.patch(resourceByName(resource), ns, name, 'merge', JSON.stringify({ metadata: { labels } }), SYSTEM_CONTEXT);
  }

  /** `kubectl rollout restart`: the restartedAt template annotation. */
  restart(resource: string, ns: string, name: string, at = this.api.timestamp()): void {
    const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } };
    this.api.patch(resourceByName(resource), ns, name, 'strategic', JSON.stringify(patch), SYSTEM_CONTEXT);
  }

  patch(resource: string, ns: string | undefined, name: string, patch: unknown): void {
    this.api.patch(resourceByName(resource), ns, name, 'strategic', JSON.stringify(patch), SYSTEM_CONTEXT);
  }
}
