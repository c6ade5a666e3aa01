/**
 * The API contract the extension relies on, as one mocha suite that runs against any target (the simulator,
 * a real kube-apiserver). Every case talks through the project's ClusterClient (raw HTTPS only for verbs the
 * client lacks). Cases run in order and share one cluster; each keeps to its own `ct-*` namespace.
 */
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession, type ClusterSession } from '../../src/kube/clusterSession';
import type { ContractCluster, ContractEnv, ContractTarget } from './contractTarget';
import { crdCases } from './crdCases';
import { errorCases } from './errorCases';
import { expiryCases } from './expiryCases';
import { leaseCases } from './leaseCases';
import { listCases } from './listCases';
import { meshCases } from './meshCases';
import { rawApi } from './rawApi';
import { rolloutCases } from './rolloutCases';
import { watchCases } from './watchCases';
import { webhookCases } from './webhookCases';
import { writeCases } from './writeCases';

export type { ContractCluster, ContractTarget } from './contractTarget';

export function defineContract(target: ContractTarget): void {
  describe(`API contract: ${target.name}`, function () {
    this.timeout(60_000);
    let env: ContractEnv | undefined;
    const sessions: ClusterSession[] = [];

    before(async function () {
      this.timeout(120_000);
      const cluster: ContractCluster = await target.start();
      const loaded = loadKubeconfigs([cluster.kubeconfigPath]);
      const open = (context: string) => {
        const s = openClusterSession(loaded, context, { requestTimeoutMs: 20_000 });
        sessions.push(s);
        return s.client;
      };
      env = {
        target: target.name,
        cluster,
        client: open(cluster.context),
        limited: cluster.limitedContext ? open(cluster.limitedContext) : undefined,
        raw: rawApi(cluster.kubeconfigPath, cluster.context),
      };
    });

    after(async () => {
      for (const s of sessions.splice(0)) s.dispose();
      await env?.cluster.stop();
    });

    const ref = (): ContractEnv => {
      if (!env) throw new Error(`${target.name}: the target did not start`);
      return env;
    };
    listCases(ref);
    watchCases(ref);
    expiryCases(ref);
    writeCases(ref);
    errorCases(ref);
    leaseCases(ref);
    webhookCases(ref);
    rolloutCases(ref);
    meshCases(ref);
    crdCases(ref);
  });
}
