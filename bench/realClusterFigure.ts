/** Figure 4 (--real): size M copied into the real kube-apiserver rig, then figure 1's cold snapshot / floor / kubectl. */
import { rigBinariesPresent, startRealCluster } from '../test/rig/realCluster';
import { copyCluster } from './bulkCreate';
import { coldSnapshotFigure, type ColdReps } from './coldSnapshotFigure';
import { readRawAccess } from './kubeconfigAccess';
import { text, type Row } from './report';
import type { SimEndpoint } from './simProcess';

export async function realClusterFigure(source: SimEndpoint, reps: ColdReps): Promise<{ rows: Row[]; json: Record<string, unknown> } | undefined> {
  if (!rigBinariesPresent()) return undefined;
  const real = await startRealCluster({ withControllerManager: false });
  try {
    const copied = await copyCluster(readRawAccess(source.kubeconfigPath, source.contextName), readRawAccess(real.kubeconfigPath, 'real-admin'));
    const cold = await coldSnapshotFigure({ kubeconfigPath: real.kubeconfigPath, context: 'real-admin', size: 'M' }, reps);
    const rows: Row[] = [
      { figure: 'objects created (parallel POSTs)', ours: text(`${copied.objects} in ${(copied.ms / 1000).toFixed(1)} s`), goal: 'setup', verdict: 'info' },
      ...cold.rows,
    ];
    return { rows, json: { copied, ...cold.json } };
  } finally {
    await real.stop();
  }
}
