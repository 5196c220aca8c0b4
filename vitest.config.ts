import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      // Domain modules import "server-only"; outside Next it has nothing to guard.
      "server-only": path.resolve("node_modules/server-only/empty.js"),
      "@": path.resolve("."),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/http/**", "tests/faults/**", "tests/plans/**", "tests/cluster/**", "node_modules/**"],
    setupFiles: ["tests/setup/database.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    fileParallelism: true,
  },
});
