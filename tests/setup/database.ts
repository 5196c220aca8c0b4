// Gives each test file a database of its own: a fresh PostgreSQL database
// (ROSTER_TEST_DB=postgres) or an in-memory PGlite (ROSTER_TEST_DB=pglite).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { closeDb } from "@/lib/platform/db/client";
import { misshapenEvents } from "./event-shapes";

const kind = process.env.ROSTER_TEST_DB ?? "pglite";
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");

let dbName: string | undefined;
if (kind === "postgres") {
  dbName = `roster_t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${dbName}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  process.env.DATABASE_URL = url.toString();
  process.env.DATABASE_POOL_SIZE = "25";
} else {
  process.env.DATABASE_URL = "pglite:memory";
}

afterAll(async () => {
  const misshapen = await misshapenEvents().catch((e: Error) => [`could not read the events: ${e.message}`]);
  await closeDb();
  if (dbName) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await client.end();
  }
  if (misshapen.length) throw new Error(`Events that do not match their catalogue shape:\n${misshapen.join("\n")}`);
});
