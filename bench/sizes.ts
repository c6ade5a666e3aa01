/** The cluster sizes of figure 1 and how often each figure is repeated at each size. */
import type { GeneratedParams } from '../src/sim/simulator';

export type SizeName = 'S' | 'M' | 'L' | 'XL';

export interface SizeSpec {
  name: SizeName;
  scenario: GeneratedParams;
  reps: { snapshot: number; kubectl: number; watch: number; memory: number; tree: number };
}

const shape = (namespaces: number, pods: number): GeneratedParams => ({ namespaces, podsPerNamespace: pods / namespaces, revisions: 3, tags: 2 });

export const SIZES: Record<SizeName, SizeSpec> = {
  S: { name: 'S', scenario: shape(50, 500), reps: { snapshot: 5, kubectl: 3, watch: 5, memory: 3, tree: 10 } },
  M: { name: 'M', scenario: shape(500, 10_000), reps: { snapshot: 5, kubectl: 3, watch: 5, memory: 3, tree: 10 } },
  // kubectl needs ~1 min per run at L: the slowest figure gets fewer repetitions.
  L: { name: 'L', scenario: shape(2000, 40_000), reps: { snapshot: 5, kubectl: 1, watch: 5, memory: 3, tree: 10 } },
  // Only with --sizes XL (issue 17): kubectl would take minutes per run and is skipped.
  XL: { name: 'XL', scenario: shape(5000, 100_000), reps: { snapshot: 3, kubectl: 0, watch: 3, memory: 3, tree: 5 } },
};

/** Sizes whose scale goals are judged (smaller sizes print their figures as info). */
export function judgedAt(size: SizeName): boolean {
  return size === 'L' || size === 'XL';
}

export const QUICK_REPS: SizeSpec['reps'] = { snapshot: 1, kubectl: 1, watch: 1, memory: 1, tree: 1 };

export function describeSize(s: SizeSpec): string {
  const pods = s.scenario.namespaces * s.scenario.podsPerNamespace;
  return `${s.scenario.namespaces.toLocaleString('en-US')} namespaces / ${pods.toLocaleString('en-US')} pods, ${s.scenario.revisions} revisions, ${s.scenario.tags} tags`;
}
