/** Figure 1e: memory of the loaded model, measured in a fresh process (peak RSS is per process). */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { verdict, type Row } from './report';
import { summarize } from './stats';

const run = promisify(execFile);

export interface MemorySample {
  heapGrowthMB: number;
  rssGrowthMB: number;
  peakRssMB: number;
  peakRssGrowthMB: number;
  baselineRssMB: number;
}

async function sample(kubeconfigPath: string, context: string, mode: 'ours' | 'perPage', v8Flags: string[] = []): Promise<MemorySample> {
  const { stdout } = await run(process.execPath, ['--expose-gc', ...v8Flags, '--import', 'tsx', path.join(__dirname, 'memoryChild.ts'), kubeconfigPath, context, mode], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as MemorySample;
}

/** `retainedGoalMB`: the goal of the retained heap (250 MB at L, 100 MB at XL); peak RSS growth is always ≤ 250 MB. */
export async function memoryFigure(kubeconfigPath: string, context: string, reps: number, judged: boolean, retainedGoalMB = 250): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const samples: MemorySample[] = [];
  const perPage: MemorySample[] = [];
  for (let i = 0; i < reps; i++) {
    samples.push(await sample(kubeconfigPath, context, 'ours'));
    perPage.push(await sample(kubeconfigPath, context, 'perPage'));
  }
  // Where the peak goes beyond the model: the same load with V8's young generation capped at 16 MB semi-spaces.
  const capped = judged ? await sample(kubeconfigPath, context, 'ours', ['--max-semi-space-size=16']) : undefined;
  const heap = summarize(samples.map((s) => s.heapGrowthMB));
  const rss = summarize(samples.map((s) => s.rssGrowthMB));
  const peak = summarize(samples.map((s) => s.peakRssGrowthMB));
  const heapPerPage = summarize(perPage.map((s) => s.heapGrowthMB));
  const peakPerPage = summarize(perPage.map((s) => s.peakRssGrowthMB));
  const goal = (mb: number) => (judged ? `≤ ${mb} MB` : `≤ ${mb} MB (at L, XL)`);
  const judge = (v: number, mb: number) => (judged ? verdict(v <= mb) : 'info' as const);
  return {
    rows: [
      {
        figure: 'model: retained heap growth (after GC)', ours: { summary: heap, unit: 'MB' }, other: { summary: heapPerPage, unit: 'MB' },
        ratio: `${(heap.median / heapPerPage.median).toFixed(2)}×`, goal: goal(retainedGoalMB), verdict: judge(heap.median, retainedGoalMB),
      },
      {
        figure: 'model: peak RSS growth while loading', ours: { summary: peak, unit: 'MB' }, other: { summary: peakPerPage, unit: 'MB' },
        ratio: `${(peak.median / peakPerPage.median).toFixed(2)}×`, goal: goal(250), verdict: judge(peak.median, 250),
        note: `fresh process each; other = the same LISTs, each page JSON.parse'd whole then trimmed; ours: baseline RSS ${samples[0].baselineRssMB.toFixed(0)} MB, peak ${samples[0].peakRssMB.toFixed(0)} MB, after GC +${rss.median.toFixed(0)} MB`
          + (capped ? `; with V8's young generation capped (--max-semi-space-size=16) the peak growth is ${capped.peakRssGrowthMB.toFixed(0)} MB: the rest is V8 growing its new space while the model is built, and received buffers awaiting GC` : ''),
      },
    ],
    json: { heapGrowthMB: heap, rssGrowthMB: rss, peakRssGrowthMB: peak, perPageHeapGrowthMB: heapPerPage, perPagePeakRssGrowthMB: peakPerPage, samples, perPage, cappedYoungGeneration: capped },
  };
}
