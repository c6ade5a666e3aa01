import type { ClusterFailure } from './clusterState';

/** "forbidden: cannot list pods …" — the kind once, even when the message already starts with it. */
export function failureText(f: ClusterFailure, withRemedy = false): string {
  const head = f.message.toLowerCase().startsWith(f.kind.toLowerCase()) ? f.message : `${f.kind}: ${f.message}`;
  return withRemedy && f.remedy ? `${head} — ${f.remedy}` : head;
}
