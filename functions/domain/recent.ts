/**
 * A warm Lambda's short memory of what it read, wrote or worked out, bounded in size and age. For the
 * stores it is only ever a guess: a write that relies on it makes the table confirm it with a condition.
 */
export interface RecentMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

export function createRecentMap<V>(limits: {
  readonly maxEntries: number;
  readonly maxAgeMilliseconds: number;
  readonly now?: () => number;
}): RecentMap<V> {
  const { maxEntries, maxAgeMilliseconds, now = Date.now } = limits;
  // A Map iterates in insertion order, so its first key is the one set longest ago.
  const entries = new Map<string, { readonly value: V; readonly at: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() - entry.at < maxAgeMilliseconds) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, at: now() });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
  };
}
