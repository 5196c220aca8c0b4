import path from "node:path";

export type DatabaseTarget =
  | {
      kind: "postgres";
      url: string;
      /** Off behind PgBouncer's transaction pooling: `?pgbouncer=true` in the URL, as with Prisma's own engine. */
      preparedStatements: boolean;
    }
  | { kind: "pglite"; dataDir: string };

function postgresTarget(raw: string): DatabaseTarget {
  if (!/[?&]pgbouncer=/.test(raw)) return { kind: "postgres", url: raw, preparedStatements: true };
  const url = new URL(raw);
  const pgbouncer = url.searchParams.get("pgbouncer");
  if (pgbouncer !== "true" && pgbouncer !== "false") throw new Error("pgbouncer in a database URL is true or false");
  // Ours, not a connection setting for pg.
  url.searchParams.delete("pgbouncer");
  return { kind: "postgres", url: url.toString(), preparedStatements: pgbouncer === "false" };
}

/** Where the data lives: `DATABASE_URL` (postgres://…) or the embedded PGlite folder. */
export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return postgresTarget(url);
  if (url?.startsWith("pglite:")) {
    const dir = url.slice("pglite:".length).replace(/^\/\//, "");
    return { kind: "pglite", dataDir: dir === "memory" ? "memory://" : path.resolve(dir) };
  }
  if (url) throw new Error("DATABASE_URL must start with postgres://, postgresql:// or pglite:");
  return { kind: "pglite", dataDir: path.join(dataDirectory(env), "pglite") };
}

/**
 * Where migrations run: DATABASE_DIRECT_URL when set (PostgreSQL itself, when
 * DATABASE_URL goes through PgBouncer's transaction pooling, which a
 * session-level migration lock does not survive), else the database itself.
 */
export function migrationTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const direct = env.DATABASE_DIRECT_URL?.trim();
  const target = databaseTarget(env);
  if (!direct) return target;
  if (!/^postgres(ql)?:\/\//.test(direct))
    throw new Error("DATABASE_DIRECT_URL must start with postgres:// or postgresql://");
  if (target.kind !== "postgres") throw new Error("DATABASE_DIRECT_URL goes with a PostgreSQL DATABASE_URL");
  return postgresTarget(direct);
}

/** The folder for the embedded database and local secrets (`./data` unless ROSTER_DATA_DIR). */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), env.ROSTER_DATA_DIR ?? "data");
}
