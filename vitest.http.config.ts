import path from "node:path";
import { defineConfig } from "vitest/config";

// HTTP tests: against `next start` (the production build) on a fresh database.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(".") } },
  test: {
    include: ["tests/http/**/*.test.ts"],
    globalSetup: ["tests/http/setup/server.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
