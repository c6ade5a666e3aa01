/**
 * Wraps a real-server test file: one rig for the file, started in its root `before`. Never skipped silently:
 * with CI set, missing rig binaries fail the run; locally the file shows as pending.
 */
import { rigBinariesPresent, rigBinDir } from '../rig/realCluster';
import { stopRealRig, warmRealRig } from './realHarness';

const MISSING = `real-cluster rig binaries missing (kube-apiserver and kube-controller-manager in ${rigBinDir()}, etcd and openssl on PATH): run scripts/rig/build-kube.sh`;

export function describeReal(title: string, body: () => void): void {
  const full = `${title} (real kube-apiserver 1.20)`;
  if (rigBinariesPresent()) {
    describe(full, function () {
      this.timeout(120_000);
      before(() => warmRealRig());
      after(() => stopRealRig());
      body();
    });
  } else if (process.env.CI) {
    describe(full, () => {
      it('has the real-cluster rig', () => {
        throw new Error(MISSING);
      });
    });
  } else {
    describe(full, () => {
      it(`PENDING — ${MISSING}`);
    });
  }
}
