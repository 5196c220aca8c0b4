import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/platform/db/client";
import { migrationList, pendingSchemaChange } from "@/lib/platform/db/migrations";
import { openPGlite, pglitePrismaFactory } from "@/lib/platform/db/pglite";

describe("migrations", () => {
  it("produce exactly prisma/schema.prisma (no drift)", async () => {
    const shadowHost = await openPGlite();
    try {
      const sql = await pendingSchemaChange(pglitePrismaFactory(shadowHost) as never);
      expect(sql, "run `npm run db:migration -- <name>` to capture schema changes").toBe("");
    } finally {
      await shadowHost.close();
    }
  });

  it("are recorded in Prisma's _prisma_migrations table of the test database", async () => {
    const db = await getDb();
    const rows = await db.$queryRaw<
      { migration_name: string }[]
    >`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    const onDisk = (await migrationList()).migrationDirectories.map((d) => d.path);
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk);
  });
});
