/** Creates CustomResourceDefinitions through the raw API and waits until the server serves them (Established + discovery). */
import { eventually } from './contractTarget';
import { rawOk, type RawApi } from './rawApi';

export const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface CrdLike {
  metadata: { name: string };
  spec?: unknown;
}

interface CrdStatus {
  status?: { conditions?: { type: string; status: string }[] | null };
}

interface CrdSpec {
  group: string;
  names: { plural: string };
  versions: { name: string; served: boolean }[];
}

function isEstablished(crd: CrdStatus): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** Creates each CRD (an existing one is kept), then polls until every one is Established and listed by discovery. */
export async function installCrds(api: RawApi, crds: CrdLike[]): Promise<void> {
  for (const crd of crds) {
    const r = await api.request('POST', CRD_PATH, crd);
    if (r.status !== 201 && r.status !== 409) throw new Error(`create CRD ${crd.metadata.name} → ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  }
  for (const crd of crds) {
    const spec = crd.spec as CrdSpec;
    await eventually(`CRD ${crd.metadata.name} Established`, () => rawOk(api, 'GET', `${CRD_PATH}/${crd.metadata.name}`) as Promise<CrdStatus>, isEstablished, 30_000, 100);
    for (const v of spec.versions.filter((x) => x.served)) {
      await eventually(`discovery of ${spec.group}/${v.name} lists ${spec.names.plural}`,
        async () => (await api.request('GET', `/apis/${spec.group}/${v.name}`)).body as { resources?: { name: string }[] } | string,
        (b) => typeof b === 'object' && !!b.resources?.some((r) => r.name === spec.names.plural), 30_000, 100);
    }
  }
}

/** Deletes the CRDs (and so their objects) and waits until they are gone. */
export async function removeCrds(api: RawApi, names: string[]): Promise<void> {
  for (const name of names) {
    const r = await api.request('DELETE', `${CRD_PATH}/${name}`);
    if (r.status !== 200 && r.status !== 404) throw new Error(`delete CRD ${name} → ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  }
  for (const name of names) {
    await eventually(`CRD ${name} gone`, async () => (await api.request('GET', `${CRD_PATH}/${name}`)).status, (s) => s === 404, 60_000, 100);
  }
}
