/**
 * A Sail Operator install mid-way through a RevisionBased upgrade (istio-model.md M13, M15): the Sail CRDs, `Istio default`
 * moved from v1.24.3 to v1.25.1 (IstioRevisions default-v1-24-3 and default-v1-25-1, both in use), and an
 * `IstioRevisionTag default` following the Istio — so the namespaces on the tag now point at 1.25.1 while their
 * pods still run 1.24.3. The simulator plays the operator: everything below the CRs is rendered by it.
 */
import { SAIL_API_VERSION, SAIL_OPERATOR_DEPLOYMENT, SAIL_OPERATOR_NAMESPACE } from '../controllers/sailResources';
import type { KubeObject } from '../core/types';
import { sailCrds } from './sailCrds';
import type { Scenario } from './scenarioContext';
import { appWithService, deployment, namespace } from './workloadObjects';

export const SAIL_GRACE_SECONDS = 30;

function istio(version: string): KubeObject {
  return {
    apiVersion: SAIL_API_VERSION, kind: 'Istio', metadata: { name: 'default' },
    spec: {
      version, namespace: 'istio-system',
      updateStrategy: { type: 'RevisionBased', inactiveRevisionDeletionGracePeriodSeconds: SAIL_GRACE_SECONDS },
      values: {},
    },
  };
}

function defaultTag(): KubeObject {
  return { apiVersion: SAIL_API_VERSION, kind: 'IstioRevisionTag', metadata: { name: 'default' }, spec: { targetRef: { kind: 'Istio', name: 'default' } } };
}

/** The operator itself: the simulated operator acts while this Deployment exists. */
function operatorDeployment(): KubeObject {
  return deployment(SAIL_OPERATOR_NAMESPACE, SAIL_OPERATOR_DEPLOYMENT, {
    image: 'quay.io/sail-dev/sail-operator:1.0.0', podLabels: { app: 'sail-operator', 'sidecar.istio.io/inject': 'false' },
    labels: { 'app.kubernetes.io/name': 'sail-operator' },
  });
}

export const sailRevisionBased: Scenario = {
  name: 'sail-revision-based',
  seed: '007',
  description: 'Sail Operator: Istio default (RevisionBased) upgraded v1.24.3 → v1.25.1, IstioRevisionTag default following it; namespaces on the tag, one pinned to the old revision',
  load(ctx) {
    ctx.apply(namespace(SAIL_OPERATOR_NAMESPACE), operatorDeployment());
    ctx.apply(sailCrds());
    ctx.apply(namespace('istio-system'));
    ctx.apply(istio('v1.24.3'), defaultTag());
    ctx.apply(namespace('bookinfo', { 'istio-injection': 'enabled' }));
    ctx.apply(appWithService('bookinfo', 'productpage', 2));
    ctx.apply(appWithService('bookinfo', 'reviews'));
    ctx.apply(namespace('orders', { 'istio.io/rev': 'default' }));
    ctx.apply(appWithService('orders', 'orders-api', 2));
    ctx.apply(namespace('pinned', { 'istio.io/rev': 'default-v1-24-3' }));
    ctx.apply(appWithService('pinned', 'ledger'));
    // The upgrade: a new revision next to the old one; the default tag follows the Istio to it.
    ctx.api.patch(ctx.api.resources.byName('istios')!, undefined, 'default', 'merge', JSON.stringify({ spec: { version: 'v1.25.1' } }), { user: 'admin' });
    ctx.apply(namespace('fresh', { 'istio.io/rev': 'default' }));
    ctx.apply(appWithService('fresh', 'notifications'));
  },
};
