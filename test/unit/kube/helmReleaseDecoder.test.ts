import { strict as assert } from 'node:assert';
import * as zlib from 'node:zlib';
import {
  MAX_ENCODED_CHARS, MAX_RELEASE_BYTES, decodeHelmRelease, encodeHelmRelease, manifestObjects,
} from '../../../src/kube/helmReleaseDecoder';
import { trimHelmReleaseSecret } from '../../../src/kube/trimOwnerObjects';
import { injectorMwc, istiodDeployment, tagMwc } from '../mesh/fixtures';
import { releaseJson, releaseSecret, rendered, type ReleaseSpec } from '../mesh/ownerFixtures';

const SPEC: ReleaseSpec = {
  name: 'istiod-1-24-2', version: 3, chart: 'istiod', chartVersion: '1.24.2',
  values: { revision: '1-24-2', revisionTags: ['prod'], global: { hub: 'docker.io/istio' } },
  objects: [
    rendered('Deployment', istiodDeployment('1-24-2', '1.24.2')),
    rendered('MutatingWebhookConfiguration', injectorMwc('1-24-2')),
    rendered('MutatingWebhookConfiguration', tagMwc('prod', '1-24-2')),
  ],
};

/** The API's base64 of Helm's base64 of `bytes`. */
function twice(bytes: Buffer): string {
  return Buffer.from(bytes.toString('base64'), 'utf8').toString('base64');
}

describe('kube/helmReleaseDecoder: Helm release Secrets (istio-model.md M15)', () => {
  it('decodes base64 → base64 → gzip → JSON into the fields the owner model reads', () => {
    const encoded = encodeHelmRelease(releaseJson(SPEC));
    const raw = Buffer.from(Buffer.from(encoded, 'base64').toString('utf8'), 'base64');
    assert.deepEqual([...raw.subarray(0, 3)], [0x1f, 0x8b, 0x08], 'the inner payload is gzip, as Helm writes it');
    const r = decodeHelmRelease(encoded);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.release, {
      name: 'istiod-1-24-2', namespace: 'istio-system', version: 3, status: 'deployed',
      chart: { name: 'istiod', version: '1.24.2', appVersion: '1.24.2' },
      values: { revision: '1-24-2', revisionTags: ['prod'] },
      lastDeployed: '2026-01-02T00:00:00Z',
      objects: [
        { kind: 'Deployment', name: 'istiod-1-24-2', namespace: 'istio-system' },
        { kind: 'MutatingWebhookConfiguration', name: 'istio-sidecar-injector-1-24-2' },
        { kind: 'MutatingWebhookConfiguration', name: 'istio-revision-tag-prod' },
      ],
    });
  });

  it('accepts plain JSON after Helm\'s base64 layer, as Helm\'s decodeRelease does', () => {
    const r = decodeHelmRelease(twice(Buffer.from(JSON.stringify(releaseJson({ ...SPEC, values: { defaultRevision: '1-24-2' } })))));
    assert.ok(r.ok);
    assert.equal(r.release.name, 'istiod-1-24-2');
    assert.deepEqual(r.release.values, { defaultRevision: '1-24-2' });
  });

  it('reports pending statuses as they are', () => {
    const r = decodeHelmRelease(encodeHelmRelease(releaseJson({ ...SPEC, status: 'pending-upgrade' })));
    assert.ok(r.ok);
    assert.equal(r.release.status, 'pending-upgrade');
  });

  it('turns garbage, wrong shapes and missing data into a decode error, never a throw', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /no data\.release/],
      ['', /no data\.release/],
      [42, /no data\.release/],
      ['!!!not base64 at all!!!', /does not decode/],
      [twice(Buffer.from('hello world')), /does not decode/],
      [twice(zlib.gzipSync(Buffer.from('{"name": "x", broken'))), /not decode to JSON/],
      [twice(zlib.gzipSync(Buffer.from('[1,2,3]'))), /does not decode|not a release/],
      [twice(zlib.gzipSync(Buffer.from('{"version": 3}'))), /no name/],
      [twice(Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), Buffer.from('truncated gzip')])), /does not decode/],
    ];
    for (const [input, message] of cases) {
      const r = decodeHelmRelease(input);
      assert.equal(r.ok, false, String(input));
      if (!r.ok) assert.match(r.error, message, String(input));
    }
  });

  it('refuses an oversized payload and a gzip bomb without inflating it all', () => {
    const huge = decodeHelmRelease('A'.repeat(MAX_ENCODED_CHARS + 4));
    assert.equal(huge.ok, false);
    if (!huge.ok) assert.match(huge.error, /larger than a Secret/);
    // 40 MiB of zeros gzip to ~40 KiB: inflating it would pass the limit.
    const bomb = decodeHelmRelease(twice(zlib.gzipSync(Buffer.alloc(MAX_RELEASE_BYTES + 8 * 1024 * 1024))));
    assert.equal(bomb.ok, false);
    if (!bomb.ok) assert.match(bomb.error, /larger than/);
  });

  it('reads the manifest document by document: a broken one makes it partial, not unknown', () => {
    const manifest = [
      '---\n# Source: istiod/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: istiod\n  namespace: istio-system\n',
      '---\n# Source: istiod/templates/broken.yaml\nkind: ConfigMap\nmetadata: {name: [unclosed\n',
      '---\n# Source: istiod/templates/empty.yaml\n# nothing rendered\n',
      '--- \napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: istio-validator-istio-system\n',
      '---\njust a string\n',
    ].join('');
    const m = manifestObjects(manifest);
    assert.deepEqual(m.objects, [
      { kind: 'Service', name: 'istiod', namespace: 'istio-system' },
      { kind: 'ValidatingWebhookConfiguration', name: 'istio-validator-istio-system' },
    ]);
    assert.match(m.problem ?? '', /1 manifest document does not parse/);
  });

  it('trims a release Secret to its decoded fields: no data, no annotations; superseded revisions are not decoded', () => {
    const secret = releaseSecret(SPEC);
    const trimmed = trimHelmReleaseSecret(secret);
    assert.equal('data' in trimmed, false);
    assert.equal(JSON.stringify(trimmed).includes((secret.data as { release: string }).release.slice(0, 40)), false, 'no trace of the payload');
    assert.equal(trimmed.release?.name, 'istiod-1-24-2');
    assert.deepEqual(trimmed.metadata.labels, { owner: 'helm', name: 'istiod-1-24-2', status: 'deployed', version: '3', modifiedAt: '1767312000' });
    assert.equal(trimHelmReleaseSecret(trimmed as unknown as Record<string, unknown>), trimmed, 'trimming twice keeps it');

    const old = trimHelmReleaseSecret(releaseSecret({ ...SPEC, version: 2, status: 'superseded' }));
    assert.deepEqual([old.release, old.decodeError, 'data' in old], [undefined, undefined, false]);
    const bad = trimHelmReleaseSecret(releaseSecret(SPEC, 'Z2FyYmFnZQ=='));
    assert.match(bad.decodeError ?? '', /does not decode/);
  });
});
