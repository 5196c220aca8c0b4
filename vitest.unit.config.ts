import path from "node:path";
import { defineConfig } from "vitest/config";

// Pure logic beside the code it tests (lib/**/*.test.ts): parsers, the
// transition table. No database, no build: the quickest loop there is.
export default defineConfig({
  resolve: {
    alias: {
      "server-only": path.resolve("node_modules/server-only/empty.js"),
      "@": path.resolve("."),
    },
  },
  test: {
    include: ["lib/**/*.test.ts"],
    // Cursors and key hashes are keyed by the server secret; nothing here reaches a database.
    env: { AUTH_SECRET: "unit-tests-secret-unit-tests-secret-0000", DATABASE_URL: "postgresql://nowhere.invalid/none" },
  },
});
