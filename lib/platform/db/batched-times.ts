import "server-only";
import { processState } from "../process-state";

// A "when was X last used" time written in batches: noting a use costs no
// database write; a flush every few seconds writes the newest time per id in
// one statement. If the database is away, the times wait for the next flush.

const FLUSH_MS = 5_000;

export interface TimeBatch<K extends number | string = number> {
  note(id: K, at?: number): void;
  flush(): Promise<void>;
}

export function timeBatch<K extends number | string = number>(
  name: string,
  write: (batch: { id: K; at: string }[]) => Promise<unknown>,
): TimeBatch<K> {
  const state = processState(name, () => ({
    pending: new Map<K, number>(),
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
  }));
  const pending = state.pending;

  function schedule() {
    state.timer ??= setTimeout(() => void flush(), FLUSH_MS);
    state.timer.unref?.();
  }

  async function flush(): Promise<void> {
    state.timer = undefined;
    if (pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    try {
      await write(batch.map(([id, at]) => ({ id, at: new Date(at).toISOString() })));
    } catch {
      for (const [id, at] of batch) if (!pending.has(id)) pending.set(id, at);
      schedule();
    }
  }

  return {
    note(id, at = Date.now()) {
      pending.set(id, at);
      schedule();
    },
    flush,
  };
}
