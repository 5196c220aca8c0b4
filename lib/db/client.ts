import { PrismaClient } from "../generated/prisma/client";
import { type OpenDatabase, openDatabase } from "./adapter";
import { databaseTarget } from "./config";
import { applyMigrations } from "./migrations";

export type Db = PrismaClient;

interface Connection {
  prisma: PrismaClient;
  database: OpenDatabase;
}

// One connection per process, kept on globalThis: Next bundles route handlers
// and instrumentation separately, and two PGlite instances on one folder would
// corrupt it.
const globalKey = Symbol.for("roster.db");
type Holder = { [globalKey]?: Promise<Connection> };
const holder = globalThis as Holder;

/** The process's Prisma client, connecting (and migrating) on first use. */
export function getDb(): Promise<PrismaClient> {
  holder[globalKey] ??= connect().catch((e) => {
    holder[globalKey] = undefined;
    throw e;
  });
  return holder[globalKey].then((c) => c.prisma);
}

async function connect(): Promise<Connection> {
  const target = databaseTarget();
  const migrate = process.env.ROSTER_SKIP_MIGRATIONS !== "1";
  if (migrate && target.kind === "postgres") {
    // The engine takes a session-level advisory lock: one connection, so the
    // unlock reaches the session that locked, then closed.
    const once = await openDatabase(target, { poolSize: 1, forMigrations: true });
    try {
      await applyMigrations(once.factory);
    } finally {
      await once.close();
    }
  }
  const database = await openDatabase(target, {
    poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    forMigrations: target.kind === "pglite",
  });
  if (migrate && target.kind === "pglite") await applyMigrations(database.factory);
  const prisma = logQueries()
    ? new PrismaClient({ adapter: database.factory, log: [{ emit: "event", level: "query" }] })
    : new PrismaClient({ adapter: database.factory });
  if (logQueries()) {
    // ROSTER_LOG_QUERIES=1: every statement with its parameters, one JSON line each
    // (the benchmark's baseline is written from these; tests count them per request).
    (
      prisma as unknown as {
        $on(e: "query", cb: (q: { query: string; params: string; duration: number }) => void): void;
      }
    ).$on("query", (q) =>
      console.log(`[roster:query] ${JSON.stringify({ sql: q.query, params: q.params, ms: q.duration })}`),
    );
  }
  return { prisma, database };
}

const logQueries = () => process.env.ROSTER_LOG_QUERIES === "1";

export async function closeDb(): Promise<void> {
  const pending = holder[globalKey];
  holder[globalKey] = undefined;
  if (!pending) return;
  const { prisma, database } = await pending;
  await prisma.$disconnect();
  await database.close();
}
