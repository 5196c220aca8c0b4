import { mkdir } from "node:fs/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { DatabaseTarget } from "./config";
import { openPGlite, pglitePrismaFactory } from "./pglite";
import { acquirePgliteLock } from "./pglite-lock";
import { statementNamer } from "./statement-names";

export interface OpenDatabase {
  target: DatabaseTarget;
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Closes pools or the PGlite instance; Prisma's $disconnect does neither fully. */
  close(): Promise<void>;
}

export async function openDatabase(
  target: DatabaseTarget,
  options: { poolSize?: number; forMigrations?: boolean } = {},
): Promise<OpenDatabase> {
  if (target.kind === "postgres") {
    const named = target.preparedStatements && !options.forMigrations;
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolSize ?? 10,
      idleTimeoutMillis: 10_000,
      // A named statement is still planned for its parameters each time: a
      // generic plan of a paged list (LIMIT/OFFSET, one account of 100,000
      // among small ones) served the deep page at 63–67 req/s against 92–103
      // unnamed; planned each time, 98–121 (parsing is what naming saves).
      ...(named ? { options: "-c plan_cache_mode=force_custom_plan" } : {}),
    });
    if (options.forMigrations) pool.on("connect", reportCharAsText);
    // An idle connection can drop (server restart, database dropped): the pool
    // replaces it on next use, so note it rather than crash the process.
    pool.on("error", (e) => console.warn(`[roster] idle database connection lost: ${e.message}`));
    // The pool is ours: Prisma must not end it on $disconnect, we do in close().
    const factory = new PrismaPg(pool, {
      disposeExternalPool: false,
      // Not through PgBouncer's transaction pooling (1.18 keeps no prepared
      // statements across server connections): pgbouncer=true in the URL.
      ...(named ? { statementNameGenerator: statementNamer() as (q: { sql: string }) => string } : {}),
    });
    if (options.forMigrations) sendScriptsWhole(factory);
    return {
      target,
      factory: factory as unknown as SqlMigrationAwareDriverAdapterFactory,
      close: async () => {
        await pool.end();
      },
    };
  }
  const onDisk = !target.dataDir.startsWith("memory://");
  if (onDisk) await mkdir(target.dataDir, { recursive: true });
  const release = onDisk ? acquirePgliteLock(target.dataDir) : () => {};
  const db = await openPGlite(target.dataDir).catch((e) => {
    release();
    throw e;
  });
  return {
    target,
    factory: pglitePrismaFactory(db) as unknown as SqlMigrationAwareDriverAdapterFactory,
    close: async () => {
      if (!db.closed) await db.close();
      release();
    },
  };
}

/**
 * The schema engine reads PostgreSQL catalog columns of type "char" (oid 18),
 * which adapter-pg cannot deserialize; they are one-character strings, so
 * report them as text.
 */
function reportCharAsText(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const r of Array.isArray(result) ? result : [result]) {
      for (const field of r?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    }
    return result;
  };
}

/**
 * adapter-pg runs a migration script by splitting it on ";", which breaks
 * function bodies ($$ … ; … $$). PostgreSQL's simple query protocol takes the
 * whole script as one implicit transaction, so send it as it is.
 */
function sendScriptsWhole(factory: PrismaPg) {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const inner = adapter as unknown as { client: pg.Pool; onError(e: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await inner.client.query(script);
      } catch (e) {
        inner.onError(e);
      }
    };
    return adapter;
  };
}
