/**
 * The API contract against a real kube-apiserver 1.20 with kube-controller-manager (test/rig).
 * Never skipped silently: in CI missing rig binaries fail the run; locally the suite shows as pending.
 */
import { rigBinDir } from '../rig/realCluster';
import { defineContract } from './contract';
import { realTarget, rigBinariesPresent } from './realTarget';

const MISSING = `real-cluster rig binaries missing (kube-apiserver and kube-controller-manager in ${rigBinDir()}, etcd and openssl on PATH): run scripts/rig/build-kube.sh`;

if (rigBinariesPresent()) {
  defineContract(realTarget);
} else if (process.env.CI) {
  describe(`API contract: ${realTarget.name}`, () => {
    it('has the real-cluster rig', () => {
      throw new Error(MISSING);
    });
  });
} else {
  describe(`API contract: ${realTarget.name}`, () => {
    it(`PENDING — ${MISSING}`);
  });
}
