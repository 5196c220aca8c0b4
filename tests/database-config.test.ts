// Which database the app and its migrations use, from the environment.
import { describe, expect, it } from "vitest";
import { databaseTarget, migrationTarget } from "@/lib/platform/db/config";
import { statementNamer } from "@/lib/platform/db/statement-names";

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const pg = "postgresql://app@pgbouncer:6432/roster";
const direct = "postgresql://app@db:5432/roster";

describe("migrationTarget", () => {
  it("migrates through DATABASE_DIRECT_URL when set, and serves through DATABASE_URL", () => {
    const both = env({ DATABASE_URL: pg, DATABASE_DIRECT_URL: direct });
    expect(databaseTarget(both)).toEqual({ kind: "postgres", url: pg, preparedStatements: true });
    expect(migrationTarget(both)).toEqual({ kind: "postgres", url: direct, preparedStatements: true });
  });

  it("migrates the served database when no direct URL is given", () => {
    expect(migrationTarget(env({ DATABASE_URL: pg }))).toEqual({ kind: "postgres", url: pg, preparedStatements: true });
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

describe("prepared statements", () => {
  it("are off through PgBouncer (pgbouncer=true), which is not passed on to the server", () => {
    const target = databaseTarget(env({ DATABASE_URL: `${pg}?sslmode=disable&pgbouncer=true` }));
    expect(target).toEqual({
      kind: "postgres",
      url: "postgresql://app@pgbouncer:6432/roster?sslmode=disable",
      preparedStatements: false,
    });
    expect(databaseTarget(env({ DATABASE_URL: `${pg}?pgbouncer=false` }))).toMatchObject({ preparedStatements: true });
    expect(() => databaseTarget(env({ DATABASE_URL: `${pg}?pgbouncer=yes` }))).toThrow(/true or false/);
  });

  it("name a statement text from its second use on, the same name every time", () => {
    const name = statementNamer();
    const q = { sql: 'SELECT 1 FROM "Account" WHERE id = $1' };
    expect(name(q)).toBeUndefined();
    const first = name(q);
    expect(first).toMatch(/^r_[\w-]{22}$/);
    expect(name(q)).toBe(first);
    expect(name({ sql: "SELECT 2" })).toBeUndefined();
  });

  it("name at most 1,000 texts, so a connection never holds more", () => {
    const name = statementNamer();
    const names = new Set<string>();
    for (let i = 0; i < 1_500; i++) {
      const q = { sql: `SELECT ${i}` };
      name(q);
      const n = name(q);
      if (n) names.add(n);
    }
    expect(names.size).toBe(1_000);
    expect(name({ sql: "SELECT 0" })).toBe(name({ sql: "SELECT 0" }));
  });
});
