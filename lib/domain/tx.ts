import { AsyncLocalStorage } from "node:async_hooks";
import { Prisma } from "../generated/prisma/client";
import type { MemberActor } from "../platform/auth/actor";
import { getDb } from "../platform/db/client";
import { DomainError } from "../platform/errors";
import { sessionActsSql } from "./sign-in/live-sql";

export type Tx = Prisma.TransactionClient;

const OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

/** The transaction of an enclosing allOrNothing, which the verbs inside it join. */
const enclosing = new AsyncLocalStorage<Tx>();

/** Runs fn in one transaction; a unique-key race becomes a 409, not a 500. */
export async function inTransaction<T>(fn: (tx: Tx) => Promise<T>, timeout: number = OPTIONS.timeout): Promise<T> {
  const joined = enclosing.getStore();
  if (joined) return fn(joined);
  const db = await getDb();
  try {
    return await db.$transaction(fn, { ...OPTIONS, timeout });
  } catch (e) {
    throw translateDbError(e);
  }
}

/** Whether this code runs inside an allOrNothing (its writes must join that transaction). */
export const insideAllOrNothing = () => enclosing.getStore() !== undefined;

/**
 * Runs several domain verbs as one: each verb's own transaction joins this
 * one, so they all commit together or none does (a form saving several parts
 * of a member at once). Only verbs called inside fn join; nothing else does.
 */
export function allOrNothing<T>(fn: () => Promise<T>, timeout: number = OPTIONS.timeout): Promise<T> {
  return inTransaction((tx) => enclosing.run(tx, fn), timeout);
}

/**
 * Runs fn in a transaction holding the account's row lock, so membership
 * changes in one account are serialized and invariants such as "at least one
 * ACTIVE SUPER" hold under concurrent requests.
 */
export function inAccountTransaction<T>(
  accountId: number,
  fn: (tx: Tx) => Promise<T>,
  timeout: number = OPTIONS.timeout,
): Promise<T> {
  return inTransaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
    if (rows.length === 0) throw new DomainError("not_found", "Account not found");
    return fn(tx);
  }, timeout);
}

/**
 * inAccountTransaction for a member's write: once the account is locked, the
 * actor must still be what the request arrived as (ACTIVE, same role, a live
 * key), so a permission checked before the lock still holds when the write
 * commits — a SUPER demoted a moment ago grants nothing in requests in flight.
 */
export function inMemberTransaction<T>(
  actor: MemberActor,
  fn: (tx: Tx) => Promise<T>,
  timeout: number = OPTIONS.timeout,
): Promise<T> {
  return inAccountTransaction(
    actor.accountId,
    async (tx) => {
      await assertActorCurrent(tx, actor);
      return fn(tx);
    },
    timeout,
  );
}

/**
 * Whether the key, SCIM token or session a member's request came with still
 * stands, as SQL over their membership `m` and person `u` (one source for
 * assertActorCurrent and the one-statement writes).
 */
export function actorLiveSql(actor: MemberActor): Prisma.Sql {
  const credentialId = actor.credentialId ?? null;
  const scimTokenId = actor.scimTokenId ?? null;
  const sv = actor.session?.sv ?? null;
  const sid = actor.session?.sid ?? null;
  return Prisma.sql`(${credentialId}::int IS NULL OR EXISTS (
              SELECT 1 FROM "ApiCredential" c
              WHERE c.id = ${credentialId}::int AND c."membershipId" = m.id AND c."revokedAt" IS NULL))
           AND (${scimTokenId}::int IS NULL OR EXISTS (
              SELECT 1 FROM "ScimToken" t WHERE t.id = ${scimTokenId}::int AND t."revokedAt" IS NULL))
           AND (${sv}::int IS NULL OR (${sessionActsSql(sid, sv)}))`;
}

export async function assertActorCurrent(tx: Tx, actor: MemberActor): Promise<void> {
  const [row] = await tx.$queryRaw<{ role: string; status: string; live: boolean }[]>`
    SELECT m.role::text AS role, m.status::text AS status, ${actorLiveSql(actor)} AS live
    FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m.id = ${actor.membershipId}`;
  if (row?.status !== "ACTIVE" || !row.live) {
    throw new DomainError("unauthenticated", "Your membership or key stopped being active while this request ran");
  }
  if (row.role !== actor.role) {
    throw new DomainError("forbidden", `Your role changed to ${row.role} while this request ran; retry it`);
  }
}

/** The PostgreSQL error under a driver adapter's error (code and message), if any. */
function pgCause(e: Prisma.PrismaClientKnownRequestError): { code?: string; message?: string } {
  const cause = (e.meta as { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } })
    ?.driverAdapterError?.cause;
  return { code: cause?.originalCode, message: cause?.originalMessage };
}

export function translateDbError(e: unknown): unknown {
  if (e instanceof Prisma.PrismaClientKnownRequestError) {
    const pg = pgCause(e);
    // The database's own guard of SPEC §2 (migration keep_active_super), for a path the domain's check missed.
    if (pg.code === "23514" && pg.message?.startsWith("roster_last_super"))
      return new DomainError("last_super", "An account must keep at least one ACTIVE SUPER member");
    // Two transactions waited on each other's rows (PostgreSQL chose this one to stop): the caller retries.
    if (pg.code === "40P01" || pg.code === "40001")
      return new DomainError("conflict", "A concurrent change made this request conflict; retry it");
    if (e.code === "P2002")
      return new DomainError("conflict", "A concurrent change made this request conflict; retry it");
    if (e.code === "P2025") return new DomainError("not_found", "Not found");
    if (e.code === "P2034")
      return new DomainError("conflict", "A concurrent change made this request conflict; retry it");
  }
  return e;
}
