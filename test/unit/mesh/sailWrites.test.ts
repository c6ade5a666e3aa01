import { strict as assert } from 'node:assert';
import * as yaml from 'js-yaml';
import type { SailView } from '../../../src/mesh/model';
import { sailIstioManifest, sailTagMove, sailVersion, sailVersionChange } from '../../../src/mesh/owners/sailWrites';

function view(strategy: string | undefined): SailView {
  return {
    istios: [{ name: 'default', version: 'v1.24.3', ...(strategy ? { updateStrategy: strategy } : {}), activeRevision: strategy === 'RevisionBased' ? 'default-v1-24-3' : 'default', revisions: {} }],
    revisions: [], tags: [],
  };
}

describe('Sail writes (issue 13): the Istio and IstioRevisionTag, never what Sail renders', () => {
  it('versions carry a v; aliases pass; anything else is refused', () => {
    assert.equal(sailVersion('1.25.2'), 'v1.25.2');
    assert.equal(sailVersion(' v1.25-latest '), 'v1.25-latest');
    assert.equal(sailVersion('v1.25.2; kubectl delete ns x'), undefined);
    assert.equal(sailVersion('latest'), undefined);
  });

  it('a RevisionBased Istio: only spec.version changes, and Sail installs <istio>-<version> beside the running revision', () => {
    const r = sailVersionChange(view('RevisionBased'), 'default', '1.25.2');
    assert.ok(r.ok);
    assert.deepEqual(r.write.patch, { spec: { version: 'v1.25.2' } });
    assert.deepEqual([r.write.resource, r.write.field, r.write.before, r.write.after], ['istios', 'spec.version', 'v1.24.3', 'v1.25.2']);
    assert.match(r.note ?? '', /installs revision default-v1-25-2 next to default-v1-24-3/);
  });

  it('an InPlace Istio (the CRD default): the patch also switches to RevisionBased, and says so', () => {
    const r = sailVersionChange(view(undefined), 'default', 'v1.25.2');
    assert.ok(r.ok);
    assert.deepEqual(r.write.patch, { spec: { version: 'v1.25.2', updateStrategy: { type: 'RevisionBased' } } });
    assert.equal(r.write.field, 'spec.version, spec.updateStrategy.type');
    assert.match(r.note ?? '', /InPlace .*no canary.*RevisionBased/);
  });

  it('refuses the same version, an unknown Istio and a tag that points nowhere Sail knows', () => {
    assert.deepEqual(sailVersionChange(view('RevisionBased'), 'default', 'v1.24.3'), { ok: false, problem: 'Istio default is already at v1.24.3' });
    assert.equal(sailVersionChange(view('RevisionBased'), 'other', 'v1.25.2').ok, false);
    assert.equal(sailTagMove(view('RevisionBased'), 'prod', 'default-v1-24-3').ok, false);
  });

  it('a new Istio for kubectl apply: RevisionBased from the start', () => {
    const m = sailIstioManifest('default', '1.25.2');
    assert.ok(m.ok);
    assert.deepEqual(yaml.load(m.yaml), {
      apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' },
      spec: { version: 'v1.25.2', namespace: 'istio-system', updateStrategy: { type: 'RevisionBased', inactiveRevisionDeletionGracePeriodSeconds: 30 } },
    });
  });
});
