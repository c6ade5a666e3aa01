/** Reads a journaled write's object back and judges it (writeOutcome.ts); a 404 means the object is absent. */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import type { JournalWrite } from './journalTypes';
import { judgeReadBack, type ReadBackVerdict } from './writeOutcome';

export type ReadBackTarget = Pick<JournalWrite, 'kind' | 'namespace' | 'name' | 'field' | 'before' | 'after'>;

/** No signal: a write cancelled in flight is still read back (with the client's own request timeout). */
export async function readObject(client: ClusterClient, w: Pick<ReadBackTarget, 'kind' | 'namespace' | 'name'>): Promise<unknown> {
  try {
    return await client.get(w.kind, w.name, w.namespace);
  } catch (e) {
    if (isClusterError(e) && e.kind === 'notFound') return undefined;
    throw e;
  }
}

export async function readBack(client: ClusterClient, w: ReadBackTarget): Promise<{ verdict: ReadBackVerdict; object: unknown }> {
  const object = await readObject(client, w);
  return { verdict: judgeReadBack(object, w), object };
}
