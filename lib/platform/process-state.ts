// Next bundles each route handler separately, so a module-level variable
// exists once per bundle. State that must be one per process (rate-limit
// counters, caches, pending batches) lives on globalThis instead.
export function processState<T>(name: string, create: () => T): T {
  const key = Symbol.for(`roster.${name}`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  holder[key] ??= create();
  return holder[key];
}
