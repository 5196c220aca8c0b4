import { defineConfig } from "prisma/config";

// `prisma generate` needs no schema engine, but the CLI insists on finding one;
// migrations run through the WASM engine instead (scripts/migrate.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/true";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
