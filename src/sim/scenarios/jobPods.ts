/** A Job's pod as the Job controller would create it (the simulator runs no Job controller). */
import { resourceByName } from '../core/resourceRegistry';
import type { KubeObject } from '../core/types';
import type { ScenarioContext } from './scenarioContext';
import { bareHttpPod } from './workloadObjects';

export function jobPod(ctx: ScenarioContext, ns: string, jobName: string): void {
  const owner = ctx.api.get(resourceByName('jobs'), ns, jobName);
  const uid = owner.metadata.uid ?? '';
  const pod: KubeObject = bareHttpPod(ns, '', { podLabels: { app: jobName, 'job-name': jobName, 'controller-uid': uid } });
  pod.metadata = {
    ...pod.metadata,
    name: '',
    generateName: `${jobName}-`,
    ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid, controller: true, blockOwnerDeletion: true }],
  };
  (pod.spec as Record<string, unknown>).restartPolicy = 'Never';
  ctx.apply(pod);
}
