import { PrismaClient } from "../../generated/prisma/client";
import { processState } from "../process-state";
import { type OpenDatabase, openDatabase } from "./adapter";
import { databaseTarget, migrationTarget } from "./config";
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
    const once = await openDatabase(migrationTarget(), { poolSize: 1, forMigrations: true });
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
  return { prisma: clientOver(database), database };
}

function clientOver(database: OpenDatabase): PrismaClient {
  const events = logQueries() || process.env.ROSTER_QUERY_EVENTS === "1";
  const prisma = events
    ? new PrismaClient({ adapter: database.factory, log: [{ emit: "event", level: "query" }] })
    : new PrismaClient({ adapter: database.factory });
  if (events) {
    // ROSTER_LOG_QUERIES=1: every statement with its parameters, one JSON line
    // each (the benchmark's baseline replays them). ROSTER_QUERY_EVENTS=1:
    // only to listeners (tests count statements and check their plans).
    (prisma as unknown as { $on(e: "query", cb: (q: QueryEvent) => void): void }).$on("query", (q) => {
      if (logQueries())
        console.log(`[roster:query] ${JSON.stringify({ sql: q.query, params: q.params, ms: q.duration })}`);
      for (const listener of queryListeners) listener(q);
    });
  }
  return prisma;
}

const workerKey = Symbol.for("roster.db.worker");
type WorkerHolder = { [workerKey]?: Promise<Connection> };
const workerHolder = globalThis as WorkerHolder;

/**
 * Background work's client (webhook delivery): on PostgreSQL a small pool of
 * its own (ROSTER_WORKER_POOL_SIZE, default 2), so a burst of requests queued
 * for the main pool does not starve delivery, nor delivery take the requests'
 * connections; on PGlite the one connection there is.
 */
export async function getWorkerDb(): Promise<PrismaClient> {
  const target = databaseTarget();
  if (target.kind !== "postgres") return getDb();
  workerHolder[workerKey] ??= (async () => {
    await getDb(); // migrated first
    const database = await openDatabase(target, {
      poolSize: Math.max(1, Number(process.env.ROSTER_WORKER_POOL_SIZE) || 2),
      forMigrations: false,
    });
    return { prisma: clientOver(database), database };
  })().catch((e) => {
    workerHolder[workerKey] = undefined;
    throw e;
  });
  return workerHolder[workerKey].then((c) => c.prisma);
}

const logQueries = () => process.env.ROSTER_LOG_QUERIES === "1";

export interface QueryEvent {
  query: string;
  /** The parameters as a JSON array. */
  params: string;
  duration: number;
}

const queryListeners = processState("query-listeners", () => new Set<(q: QueryEvent) => void>());

/** Hears every statement (needs ROSTER_QUERY_EVENTS=1 before the first getDb()); answers the unsubscribe. */
export function onQuery(listener: (q: QueryEvent) => void): () => void {
  queryListeners.add(listener);
  return () => queryListeners.delete(listener);
}

export async function closeDb(): Promise<void> {
  const worker = workerHolder[workerKey];
  workerHolder[workerKey] = undefined;
  if (worker) {
    const { prisma, database } = await worker.catch(() => ({ prisma: null, database: null }));
    await prisma?.$disconnect();
    await database?.close();
  }
  const pending = holder[globalKey];
  holder[globalKey] = undefined;
  if (!pending) return;
  const { prisma, database } = await pending;
  await prisma.$disconnect();
  await database.close();
}
