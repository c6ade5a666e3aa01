/** Durations as plan files write them: `30s`, `10m`, `1h30m`, `500ms`, `0s`. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+)(ms|s|m|h)/gy;

export const MAX_DURATION_MS = 24 * 3_600_000;

/** Milliseconds, or undefined when the text is not a duration (or longer than a day). */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let at = 0;
  for (let m = PART.exec(t); m; m = PART.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    at = PART.lastIndex;
  }
  if (at !== t.length) return undefined;
  return total <= MAX_DURATION_MS ? total : undefined;
}

/** 90000 → `1m30s` (the shortest exact form). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}
