// Which database the app and its migrations use, from the environment.
import { describe, expect, it } from "vitest";
import { databaseTarget, migrationTarget } from "@/lib/db/config";

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const pg = "postgresql://app@pgbouncer:6432/roster";
const direct = "postgresql://app@db:5432/roster";

describe("migrationTarget", () => {
  it("migrates through DATABASE_DIRECT_URL when set, and serves through DATABASE_URL", () => {
    const both = env({ DATABASE_URL: pg, DATABASE_DIRECT_URL: direct });
    expect(databaseTarget(both)).toEqual({ kind: "postgres", url: pg });
    expect(migrationTarget(both)).toEqual({ kind: "postgres", url: direct });
  });

  it("migrates the served database when no direct URL is given", () => {
    expect(migrationTarget(env({ DATABASE_URL: pg }))).toEqual({ kind: "postgres", url: pg });
    expect(migrationTarget(env({ DATABASE_URL: "pglite:/tmp/x" }))).toEqual(
      databaseTarget(env({ DATABASE_URL: "pglite:/tmp/x" })),
    );
  });

  it("refuses a direct URL that is not PostgreSQL, or beside the embedded database", () => {
    expect(() => migrationTarget(env({ DATABASE_URL: pg, DATABASE_DIRECT_URL: "mysql://x" }))).toThrow(
      /DATABASE_DIRECT_URL/,
    );
    expect(() => migrationTarget(env({ DATABASE_DIRECT_URL: direct }))).toThrow(/PostgreSQL DATABASE_URL/);
  });
});
