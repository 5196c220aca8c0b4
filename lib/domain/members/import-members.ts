import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { encryptSecret, generateKeys, hashSecret } from "../../platform/auth/api-key";
import { DomainError } from "../../platform/errors";
import { emailSchema } from "../../platform/validation";
import { assertCan, assertMayAssignRole } from "../permissions";
import { assertActorCurrent, inAccountTransaction, type Tx } from "../tx";
import { newUid } from "../users/find-or-create";
import { attributeNameProblem, profileFields } from "../users/profile";
import { roleSchema } from "./change-role";
import { createMemberships, PROFILE_COLUMNS } from "./create-memberships";
import { duplicateUsername } from "./username";

// Bulk import: many members added in one transaction, set-based (a few
// statements per batch of rows), so 100,000 rows take seconds. All or
// nothing: the first bad row is named by its line and nothing is written.

const { termsAccepted: _, email: __, ...importable } = profileFields;

export const importRowSchema = z
  .object(importable)
  .partial()
  .extend({ email: emailSchema, role: roleSchema.optional() })
  .strict();

export interface ImportRow {
  /** Where the row came from (a CSV line), for error messages. */
  line: number;
  fields: Record<string, string>;
  attributes: Record<string, string>;
}

export const IMPORT_BATCH = 10_000;
/** A whole file is one transaction: 100,000 rows take seconds, give it minutes. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;
/** The profile columns a row may fill (email is handled apart). */

type Valid = z.output<typeof importRowSchema> & { line: number; attributes: Record<string, string> };

/** Validates rows one batch at a time; `seen` carries emails across batches to name duplicates. */
function validate(
  rows: ImportRow[],
  actorRole: Parameters<typeof assertMayAssignRole>[0] | null,
  seen: Map<string, number>,
): Valid[] {
  return rows.map((row) => {
    const values = Object.fromEntries(Object.entries(row.fields).filter(([, v]) => v !== ""));
    const parsed = importRowSchema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? "row");
      throw new DomainError("invalid_input", `line ${row.line}: ${field} ${issue.message}`, [
        { field: `line ${row.line}: ${field}`, message: issue.message },
      ]);
    }
    const earlier = seen.get(parsed.data.email);
    if (earlier !== undefined)
      throw new DomainError("invalid_input", `line ${row.line}: ${parsed.data.email} is already on line ${earlier}`, [
        { field: `line ${row.line}: email`, message: `duplicate of line ${earlier}` },
      ]);
    seen.set(parsed.data.email, row.line);
    for (const name of Object.keys(row.attributes)) {
      const problem = attributeNameProblem(name);
      if (problem)
        throw new DomainError("invalid_input", `line ${row.line}: column "${name}" ${problem}`, [
          { field: `line ${row.line}: ${name}`, message: problem },
        ]);
    }
    if (actorRole) assertMayAssignRole(actorRole, null, parsed.data.role ?? "REGULAR");
    return { ...parsed.data, line: row.line, attributes: row.attributes };
  });
}

/** Rows to import: a list, or a stream of them (a CSV file read as it goes) with the count expected for progress. */
export type ImportSource = ImportRow[] | { rows: AsyncIterable<ImportRow>; expected: number };

async function* inBatches(rows: Iterable<ImportRow> | AsyncIterable<ImportRow>): AsyncGenerator<ImportRow[]> {
  let batch: ImportRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === IMPORT_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Adds every row as an ACTIVE member with an API key; existing users join with their profile as it is. */
export async function importMembers(
  actor: Actor,
  accountId: number,
  source: ImportSource,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ imported: number; newUsers: number }> {
  let actorRole = null;
  if (actor.kind === "member") {
    if (actor.accountId !== accountId) throw new DomainError("not_found", "Account not found");
    assertCan(actor.role, "members.manage");
    actorRole = actor.role;
  } else if (actor.kind !== "system") {
    throw new DomainError("forbidden", "Only an account's admins or the operator import members");
  }
  const [rows, expected] = Array.isArray(source) ? [source, source.length] : [source.rows, source.expected];
  // Rows are read and validated a batch at a time, so reading, checking and
  // preparing the next batch overlaps the database's work on this one. A bad
  // row anywhere still rolls back everything (one transaction).
  const seen = new Map<string, number>();
  const batches = inBatches(rows);
  const pull = async () => {
    const next = await batches.next();
    return next.done ? null : prepareBatch(validate(next.value, actorRole, seen));
  };
  try {
    return await importBatches(actor, accountId, pull, expected, onProgress);
  } finally {
    // Closes the source when the import stops early (a file stream is not left open).
    await batches.return(undefined);
  }
}

async function importBatches(
  actor: Actor,
  accountId: number,
  pull: () => Promise<PreparedBatch | null>,
  expected: number,
  onProgress: (done: number, total: number) => void,
): Promise<{ imported: number; newUsers: number }> {
  // The first batch is checked before the account is locked.
  const first = await pull();
  if (!first) throw new DomainError("invalid_input", "The file has no rows to import");
  return inAccountTransaction(
    accountId,
    async (tx) => {
      if (actor.kind === "member") await assertActorCurrent(tx, actor);
      let newUsers = 0;
      let done = 0;
      // The database is kept busy: while it writes one batch's memberships,
      // this thread reads and prepares the next batch, whose users statement
      // is queued right behind on the same connection.
      let batch: PreparedBatch | null = first;
      let users = insertUsers(tx, accountId, first);
      while (batch) {
        const { ids, created } = await users;
        newUsers += created;
        const writing = insertMemberships(tx, actor, accountId, batch, ids);
        // Let the client put the statement on the wire before this thread
        // turns to the next batch (Prisma sends it a few promise hops later).
        await nextTurn();
        let next: PreparedBatch | null;
        try {
          next = await pull();
        } catch (e) {
          // A bad row waits for the running statement (the transaction is
          // never left mid-statement), and an error from earlier lines wins.
          await writing;
          throw e;
        }
        if (next) {
          users = insertUsers(tx, accountId, next);
          // If the memberships fail, the queued statement fails too: heard here, not unhandled.
          users.catch(() => {});
        }
        await writing;
        done += batch.rows.length;
        // The expected count is an estimate for streams: the last call says how many there were.
        onProgress(done, next ? Math.max(expected, done) : done);
        batch = next;
      }
      const clash = await duplicateUsername(tx, accountId);
      if (clash)
        throw new DomainError("username_taken", `The username "${clash}" would belong to two members`, [
          { field: "username", message: `${clash} is taken` },
        ]);
      return { imported: done, newUsers };
    },
    IMPORT_TIMEOUT_MS,
  );
}

interface PreparedBatch {
  rows: Valid[];
  users: string;
  keys: { keyId: string; secretHash: string; secretEncrypted: string }[];
}

function prepareBatch(rows: Valid[]): PreparedBatch {
  // One draw of random bytes per batch: 26 for each uid, 12 for each key's IV.
  const random = randomBytes(38 * rows.length);
  const users = rows.map((r, i) => ({
    uid: newUid(random.subarray(i * 38, i * 38 + 26)),
    email: r.email,
  }));
  const keys = generateKeys(rows.length).map((key, i) => ({
    keyId: key.keyId,
    secretHash: hashSecret(key.secret),
    secretEncrypted: encryptSecret(key.secret, random.subarray(i * 38 + 26, i * 38 + 38)),
  }));
  return { rows, users: JSON.stringify(users), keys };
}

/** Resolves after pending I/O callbacks and promise work (setImmediate, not process.nextTick). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

type UserIds = Map<string, { id: number; member: boolean }>;

/** New people become persons (email only); the profile of every row is this account's own. */
async function insertUsers(
  tx: Tx,
  accountId: number,
  batch: PreparedBatch,
): Promise<{ ids: UserIds; created: number }> {
  const inserted = await tx.$queryRawUnsafe<{ id: number; email: string }[]>(
    `INSERT INTO "User" (uid, email, "updatedAt")
     SELECT r.uid, r.email, now()
     FROM json_to_recordset($1::json) AS r(uid text, email text)
     ON CONFLICT (email) DO NOTHING RETURNING id, email`,
    batch.users,
  );
  const ids: UserIds = new Map(inserted.map((u) => [u.email, { id: u.id, member: false }]));
  // People who already had a login: their ids, and whether they are members here already.
  const existing = batch.rows.filter((r) => !ids.has(r.email)).map((r) => r.email);
  if (existing.length) {
    const found = await tx.$queryRaw<{ id: number; email: string; member: boolean }[]>`
      SELECT u.id, u.email, EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u.id AND m."accountId" = ${accountId}) AS member
      FROM "User" u WHERE u.email IN (SELECT jsonb_array_elements_text(${JSON.stringify(existing)}::jsonb))`;
    for (const u of found) ids.set(u.email, u);
  }
  const already = batch.rows.find((r) => ids.get(r.email)?.member);
  if (already)
    throw new DomainError(
      "already_member",
      `line ${already.line}: ${already.email} is already a member of this account`,
      [{ field: `line ${already.line}: email`, message: "already a member" }],
    );
  return { ids, created: inserted.length };
}

function userIdOf(ids: UserIds, row: Valid): number {
  const id = ids.get(row.email)?.id;
  if (id === undefined) throw new Error(`line ${row.line}: no login was made for ${row.email}`);
  return id;
}

async function insertMemberships(
  tx: Tx,
  actor: Actor,
  accountId: number,
  batch: PreparedBatch,
  ids: UserIds,
): Promise<void> {
  // The verb every membership begins through, with the batch's keys made ahead.
  await createMemberships(
    tx,
    actor,
    accountId,
    "member.import",
    batch.rows.map((r, i) => ({
      userId: userIdOf(ids, r),
      role: r.role ?? "REGULAR",
      status: "ACTIVE",
      attributes: r.attributes,
      profile: Object.fromEntries(PROFILE_COLUMNS.map((c) => [c, r[c] ?? null])),
      key: batch.keys[i],
    })),
  );
}
