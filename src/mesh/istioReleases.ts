/**
 * Release dates of Istio minor versions (x.y.0), for the support window: a minor is supported "until 6 weeks
 * after the N+2 minor release" (istio.io/latest/docs/releases/supported-releases/#support-policy).
 *
 * Sources: the "Support status of Istio releases" table on istio.io/latest/docs/releases/supported-releases
 * (data file istio/istio.io:data/compatibility/supportStatus.yml) and the release announcements under
 * istio.io/latest/news/releases/<minor>.x/. 1.6 from the 1.7 docs' table (May 21, 2020); 1.27.0 from the
 * 1.27 announcement (August 2025, day not re-checked for this table).
 *
 * THIS TABLE MUST BE UPDATED when a new minor ships (add a row). A minor newer than the last row is treated
 * as supported; a missing N+2 row is bounded by any later row (N+2 came out before N+3).
 */
import { parseVersion } from './versionSkew';

export const ISTIO_MINOR_RELEASES: Readonly<Record<string, string>> = {
  '1.6': '2020-05-21',
  '1.7': '2020-08-21',
  '1.8': '2020-11-10',
  '1.9': '2021-02-09',
  '1.10': '2021-05-18',
  '1.11': '2021-08-12',
  '1.12': '2021-11-18',
  '1.13': '2022-02-11',
  '1.14': '2022-05-24',
  '1.15': '2022-08-31',
  '1.16': '2022-11-15',
  '1.17': '2023-02-14',
  '1.18': '2023-06-03',
  '1.19': '2023-09-05',
  '1.20': '2023-11-14',
  '1.21': '2024-03-13',
  '1.22': '2024-05-13',
  '1.23': '2024-08-14',
  '1.24': '2024-11-07',
  '1.25': '2025-03-03',
  '1.26': '2025-05-08',
  '1.27': '2025-08-11',
  '1.28': '2025-11-05',
};

const SIX_WEEKS_MS = 42 * 24 * 3600 * 1000;

function releaseDate(major: number, minor: number): Date | undefined {
  const iso = ISTIO_MINOR_RELEASES[`${major}.${minor}`];
  return iso ? new Date(`${iso}T00:00:00Z`) : undefined;
}

function lastKnownMinor(major: number): number | undefined {
  const minors = Object.keys(ISTIO_MINOR_RELEASES)
    .map((k) => k.split('.').map(Number))
    .filter(([ma]) => ma === major)
    .map(([, mi]) => mi);
  return minors.length ? Math.max(...minors) : undefined;
}

export type SupportStatus =
  | { kind: 'supported'; until?: Date }
  | { kind: 'unsupported'; since: Date }
  /** Not in the table (older than 1.6, newer than the last row, or not a version). */
  | { kind: 'unknown' };

/**
 * Support status of the minor of `version` on `today`. The end of support is 6 weeks after N+2's release;
 * when N+2 is missing from the table, the first later row gives an upper bound.
 */
export function supportStatus(version: string | undefined, today: Date): SupportStatus {
  const v = parseVersion(version);
  if (!v || !releaseDate(v.major, v.minor)) return { kind: 'unknown' };
  const last = lastKnownMinor(v.major) ?? v.minor;
  for (let m = v.minor + 2; m <= last; m++) {
    const d = releaseDate(v.major, m);
    if (!d) continue;
    const end = new Date(d.getTime() + SIX_WEEKS_MS);
    if (today.getTime() >= end.getTime()) return { kind: 'unsupported', since: end };
    return m === v.minor + 2 ? { kind: 'supported', until: end } : { kind: 'supported' };
  }
  return { kind: 'supported' };
}
