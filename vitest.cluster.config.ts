import path from "node:path";
import { defineConfig } from "vitest/config";

// Two app servers behind HAProxy, PgBouncer in transaction pooling (tests/cluster).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(".") } },
  test: { include: ["tests/cluster/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 200_000, fileParallelism: false },
});
