import path from "node:path";
import { defineConfig } from "vitest/config";

// Query plans of real requests: the production build on a fresh PostgreSQL
// database, logging every statement it sends (read by tests/plans).
process.env.ROSTER_HTTP_QUERY_LOG = "1";
process.env.ROSTER_TEST_DB = "postgres";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(".") } },
  test: {
    include: ["tests/plans/**/*.test.ts"],
    globalSetup: ["tests/http/setup/server.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
