/**
 * The support window of Istio minors: release dates of x.y.0 and, where Istio announced it, the end-of-life date.
 * Policy (istio.io "Supported Releases"): a minor is supported until 6 weeks after the N+2 minor's release; an
 * announced EOL date wins over that rule. Sources: istio.io's supported-releases table (via endoflife.date's copy
 * for dates up to 1.29), the EOL announcements under istio.io/news/support, the release announcements of 1.30 and
 * 1.31 (exact days of 1.30.0 and 1.31.0 differ by a few days between sources; the later date is used).
 *
 * The table rots: Istio ships a minor about every quarter. When today is more than STALE_AFTER_DAYS past the
 * newest row, a minor whose end the table cannot tell is reported as "the table may be out of date" instead of
 * "supported" (a newer minor may exist that ended its support). Add a row for every new minor.
 */
import { parseVersion } from './versionSkew';

export interface IstioMinorRelease {
  /** x.y.0 release day (UTC). */
  released: string;
  /** End of life as announced by Istio, when announced. */
  eol?: string;
}

export const ISTIO_MINOR_RELEASES: Readonly<Record<string, IstioMinorRelease>> = {
  '1.6': { released: '2020-05-21' },
  '1.7': { released: '2020-08-21' },
  '1.8': { released: '2020-11-10' },
  '1.9': { released: '2021-02-09' },
  '1.10': { released: '2021-05-18' },
  '1.11': { released: '2021-08-12' },
  '1.12': { released: '2021-11-18' },
  '1.13': { released: '2022-02-11' },
  '1.14': { released: '2022-05-24' },
  '1.15': { released: '2022-08-31' },
  '1.16': { released: '2022-11-15' },
  '1.17': { released: '2023-02-14' },
  '1.18': { released: '2023-06-03' },
  '1.19': { released: '2023-09-05' },
  '1.20': { released: '2023-11-14' },
  '1.21': { released: '2024-03-13' },
  '1.22': { released: '2024-05-13' },
  '1.23': { released: '2024-08-14' },
  '1.24': { released: '2024-11-07', eol: '2025-06-24' },
  '1.25': { released: '2025-03-03', eol: '2025-09-30' },
  '1.26': { released: '2025-05-08', eol: '2025-12-22' },
  '1.27': { released: '2025-08-11', eol: '2026-04-07' },
  '1.28': { released: '2025-11-05', eol: '2026-07-01' },
  '1.29': { released: '2026-02-16', eol: '2026-10-12' },
  '1.30': { released: '2026-05-18' },
  '1.31': { released: '2026-08-31' },
};

/** About four months: a quarter's release cadence plus slack. */
export const STALE_AFTER_DAYS = 120;

const DAY_MS = 24 * 3600 * 1000;
const SIX_WEEKS_MS = 42 * DAY_MS;

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

function row(major: number, minor: number): IstioMinorRelease | undefined {
  return ISTIO_MINOR_RELEASES[`${major}.${minor}`];
}

/** The newest row: its minor and release day. */
export function newestKnownRelease(): { minor: string; released: Date } {
  let best: { minor: string; released: Date } | undefined;
  for (const [minor, r] of Object.entries(ISTIO_MINOR_RELEASES)) {
    const d = utc(r.released);
    if (!best || d > best.released) best = { minor, released: d };
  }
  return best as { minor: string; released: Date };
}

export type SupportStatus =
  | { kind: 'supported'; until?: Date }
  | { kind: 'unsupported'; since: Date; announced: boolean }
  /** The table is too old to tell: today is long past its newest row and this minor's end is not known. */
  | { kind: 'table-outdated'; newest: string; newestReleased: Date }
  /** Not in the table (older than 1.6, newer than the last row, or not a version). */
  | { kind: 'unknown' };

/** Support status of the minor of `version` on `today`. */
export function supportStatus(version: string | undefined, today: Date): SupportStatus {
  const v = parseVersion(version);
  const own = v && row(v.major, v.minor);
  if (!v || !own) return { kind: 'unknown' };
  if (own.eol) {
    const end = utc(own.eol);
    return today >= end ? { kind: 'unsupported', since: end, announced: true } : { kind: 'supported', until: end };
  }
  const newest = newestKnownRelease();
  const newestMinor = Number(newest.minor.split('.')[1]);
  for (let m = v.minor + 2; m <= newestMinor; m++) {
    const r = row(v.major, m);
    if (!r) continue;
    const end = new Date(utc(r.released).getTime() + SIX_WEEKS_MS);
    if (today >= end) return { kind: 'unsupported', since: end, announced: false };
    return m === v.minor + 2 ? { kind: 'supported', until: end } : { kind: 'supported' };
  }
  if (today.getTime() - newest.released.getTime() > STALE_AFTER_DAYS * DAY_MS) {
    return { kind: 'table-outdated', newest: newest.minor, newestReleased: newest.released };
  }
  return { kind: 'supported' };
}
