// Stable reference data (the themes and areas every list and form shows) kept in this process for a short,
// stated lifetime instead of read on every page. Only what is the same for everyone and changes rarely,
// by an admin, belongs here: this process forgets a list as soon as it changes it, and another web process
// (WEB_CONCURRENCY) shows the old list for at most REFERENCE_DATA_TTL_MS. Anything a second process must
// see at once stays in PostgreSQL or Redis.
import { LRUCache } from "lru-cache";

/** How long a list is kept: a new theme added by an admin reaches every web process within this. */
export const REFERENCE_DATA_TTL_MS = 60_000;

export interface ReferenceCache {
  /** The value under `key`, loaded by `load` when missing or older than the lifetime; concurrent misses load once. */
  get<T extends object>(key: string, load: () => Promise<T>): Promise<T>;
  forget(key: string): void;
}

/** `now` is the clock the lifetime is counted on (milliseconds; tests pass their own). */
export function createReferenceCache({ ttlMs = REFERENCE_DATA_TTL_MS, now = () => performance.now() } = {}): ReferenceCache {
  const cache = new LRUCache<string, object, () => Promise<object>>({
    max: 32,
    ttl: ttlMs,
    // Read the clock on every look-up (the default keeps it for 1 ms, with a timer).
    ttlResolution: 0,
    perf: { now },
    // A load that fails is not kept: the next request tries again.
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  return {
    get: async <T extends object>(key: string, load: () => Promise<T>) => (await cache.fetch(key, { context: load })) as T,
    forget: (key) => void cache.delete(key),
  };
}
