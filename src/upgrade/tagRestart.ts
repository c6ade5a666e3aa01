/**
 * After a tag move nothing changes until pods restart: this builds the restart plan (restartPlan + runMigration,
 * no relabel) for the namespaces a tag injects, verified against the tag's revision.
 */
import type { MigrationPlan } from '../mesh/migrationPlan';
import type { MeshSnapshot } from '../mesh/model';
import { restartPlan, restartableRefs, type RestartScope } from './restartPlan';

export interface TagRestartPlan {
  plan: MigrationPlan;
  /** Paused Deployments that a rollout restart would not replace, per namespace. */
  paused: { namespace: string; names: string[] }[];
}

export function planTagRestart(snapshot: MeshSnapshot, tag: string, namespaces: string[], scope: RestartScope = 'stale'): TagRestartPlan {
  const paused: TagRestartPlan['paused'] = [];
  const selections = namespaces.flatMap((name) => {
    const ns = snapshot.namespaces.find((n) => n.name === name);
    if (!ns) return [];
    const { refs, paused: p } = restartableRefs(ns, scope);
    if (p.length) paused.push({ namespace: name, names: p });
    return [{ namespace: name, refs }];
  });
  const plan = restartPlan(snapshot, selections);
  const t = snapshot.tags.find((x) => x.name === tag);
  if (t) {
    plan.target = { name: tag, kind: 'tag', revision: t.revision, version: snapshot.revisions.find((r) => r.name === t.revision)?.version };
  }
  return { plan, paused };
}
