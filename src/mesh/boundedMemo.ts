/**
 * A function of a string remembered per argument, for values thousands of pods repeat (one image per revision,
 * one status annotation per ReplicaSet). Bounded: when full it starts over, so ever-new values cannot grow it.
 */
export function boundedMemo<V>(compute: (key: string) => V, maxEntries = 10_000): (key: string) => V {
  let known = new Map<string, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    if (known.size >= maxEntries) known = new Map();
    known.set(key, value);
    return value;
  };
}
