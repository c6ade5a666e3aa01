import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterClient } from '../../../src/kube/clusterClient';
import { ClusterError } from '../../../src/kube/clusterError';
import type { KService } from '../../../src/mesh/kubeObjects';
import { setServiceSelector } from '../../../src/upgrade/gatewaySwitch';
import { Journal } from '../../../src/upgrade/journal';

const REF = { namespace: 'gw', name: 'ingress' };

/** A client whose Service changes under us: `onPatch` decides what each PATCH does. */
function fakeClient(svc: KService, onPatch: (n: number, body: { metadata: { resourceVersion?: string }; spec: { selector: Record<string, string | null> } }) => void): { client: ClusterClient; patches: unknown[] } {
  const patches: unknown[] = [];
  const client = {
    context: 'fake',
    get: async () => JSON.parse(JSON.stringify(svc)) as KService,
    patch: async (_k: string, _n: string, _ns: string, type: string, body: { metadata: { resourceVersion?: string }; spec: { selector: Record<string, string | null> } }) => {
      assert.equal(type, 'merge');
      patches.push(body);
      onPatch(patches.length, body);
      return svc;
    },
  } as unknown as ClusterClient;
  return { client, patches };
}

const conflict = (): ClusterError => new ClusterError({ kind: 'conflict', context: 'fake', message: 'the object has been modified', status: 409 });

describe('setServiceSelector (409 handling)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwsw-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sends the resourceVersion; on 409 re-reads and retries when the selector is unchanged', async () => {
    const svc: KService = { metadata: { name: 'ingress', namespace: 'gw', resourceVersion: '1' }, spec: { selector: { istio: 'ingressgateway', version: 'a' } } };
    const { client, patches } = fakeClient(svc, (n) => {
      if (n === 1) {
        svc.metadata.resourceVersion = '2';
        throw conflict();
      }
    });
    const journal = new Journal(dir);
    const run = journal.startRun({ command: 'gateway-switch', context: 'fake', namespaces: ['gw'] });
    const r = await setServiceSelector(client, REF, { istio: 'ingressgateway', version: 'a' }, { istio: 'ingressgateway', version: 'b' }, { journal, run });
    assert.equal(r.changed, true);
    assert.deepEqual(patches, [
      { metadata: { resourceVersion: '1' }, spec: { selector: { version: 'b' } } },
      { metadata: { resourceVersion: '2' }, spec: { selector: { version: 'b' } } },
    ]);
    assert.deepEqual(journal.writes(run.runId).map((w) => `${w.kind} ${w.field} ${w.phase}`), [
      'services spec.selector intent', 'services spec.selector failed', 'services spec.selector intent', 'services spec.selector applied',
    ]);
  });

  it('on 409 with a selector changed by someone else: refuses instead of overwriting', async () => {
    const svc: KService = { metadata: { name: 'ingress', namespace: 'gw', resourceVersion: '1' }, spec: { selector: { version: 'a' } } };
    const { client, patches } = fakeClient(svc, () => {
      svc.spec = { selector: { version: 'theirs' } };
      throw conflict();
    });
    await assert.rejects(setServiceSelector(client, REF, { version: 'a' }, { version: 'b' }, {}), /changed since the plan.*theirs/);
    assert.equal(patches.length, 1);
  });

  it('nothing to do when the selector is already the target; dry run is not journaled', async () => {
    const svc: KService = { metadata: { name: 'ingress', namespace: 'gw' }, spec: { selector: { version: 'b' } } };
    const { client, patches } = fakeClient(svc, () => undefined);
    assert.equal((await setServiceSelector(client, REF, { version: 'a' }, { version: 'b' }, {})).changed, false);
    assert.equal(patches.length, 0);
    svc.spec = { selector: { version: 'a' } };
    const journal = new Journal(dir);
    const run = journal.startRun({ command: 'gateway-switch', context: 'fake', namespaces: [] });
    assert.equal((await setServiceSelector(client, REF, { version: 'a' }, { version: 'b' }, { journal, run, dryRun: true })).dryRun, true);
    assert.equal(journal.writes(run.runId).length, 0);
  });
});
