import "server-only";
import { processState } from "../../platform/process-state";

// Per-process memory of list answers that are costly to recompute: the exact
// total of a filtered list, and the ordered member ids of a large list (so a
// deep page is a slice, not an OFFSET scan). Entries are keyed by the
// account's membersVersion, which database triggers bump on every change to
// its members, so a stale entry is never read: it just stops matching.

interface Entry {
  total?: number;
  ids?: Int32Array;
}

const MAX_ENTRIES = 500;
/** Ids held in all entries together (4 bytes each). */
const MAX_IDS = 4_000_000;

const state = processState("list-cache", () => ({ entries: new Map<string, Entry>(), heldIds: 0 }));
const entries = state.entries;

export const cacheKey = (accountId: number, version: string, shape: string) => `${accountId}:${version}:${shape}`;

function touch(key: string): Entry | undefined {
  const entry = entries.get(key);
  if (entry) {
    // Map order is insertion order: re-insert to mark as most recently used.
    entries.delete(key);
    entries.set(key, entry);
  }
  return entry;
}

export function cachedTotal(key: string): number | undefined {
  return touch(key)?.total;
}

export function cachedIds(key: string): Int32Array | undefined {
  return touch(key)?.ids;
}

export function remember(key: string, value: Entry): void {
  const previous = entries.get(key);
  if (previous?.ids) state.heldIds -= previous.ids.length;
  const entry = { ...previous, ...value };
  entries.delete(key);
  entries.set(key, entry);
  if (entry.ids) state.heldIds += entry.ids.length;
  for (const [oldest, old] of entries) {
    if (entries.size <= MAX_ENTRIES && state.heldIds <= MAX_IDS) break;
    if (oldest === key) continue;
    entries.delete(oldest);
    if (old.ids) state.heldIds -= old.ids.length;
  }
}
