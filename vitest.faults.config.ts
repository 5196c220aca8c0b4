import path from "node:path";
import { defineConfig } from "vitest/config";

// Fault tests: a private PostgreSQL instance the test stops and starts.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(".") } },
  test: { include: ["tests/faults/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false },
});
