/** Runs tasks with at most `limit` in flight; stops starting new ones once `shouldStop()` is true. */
export async function runPool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>, shouldStop: () => boolean): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
