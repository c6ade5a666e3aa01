/** Median and spread of repeated measurements, and a helper that repeats an async measurement. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0, samples: [] };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: samples.length, samples };
}

/** Runs `measure` `times` times in sequence and summarizes what it returns. */
export async function repeat(times: number, measure: (i: number) => Promise<number>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await measure(i));
  return summarize(samples);
}

/** Milliseconds an async function takes. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
