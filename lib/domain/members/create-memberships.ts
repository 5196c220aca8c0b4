import "server-only";
import type { Role } from "../../generated/prisma/enums";
import type { Actor } from "../../platform/auth/actor";
import { encryptSecret, generateKeys, hashSecret } from "../../platform/auth/api-key";
import { actorColumns } from "../audit/record";
import { AUDIT_ACTIONS } from "../events/catalogue";
import type { Tx } from "../tx";
import { RECORD_FIELDS } from "../users/profile";

// Every membership begins here (issue 30): an admin's add, an invitation, a join
// request, an account's owner, a first SSO sign-in, an import. One statement
// writes the memberships, the keys of those enlisted, one audit row each and
// each one's event with the account's next sequence numbers; a single creation
// is a batch of one.

/** The profile columns a membership starts with (text, and gender). */
export const PROFILE_COLUMNS = [...RECORD_FIELDS.filter((f) => f !== "email"), "personId", "contributeAs"] as const;
export type ProfileColumn = (typeof PROFILE_COLUMNS)[number];

/** How a membership can begin: each is an audit action whose event is member.created (or a join request). */
export type CreationAction =
  | "member.add"
  | "member.add_owner"
  | "member.invite"
  | "member.import"
  | "member.join_sso"
  | "member.request_to_join";

/** A key made ahead of the transaction (an import's batch draws its random bytes at once). */
export interface KeyMaterial {
  keyId: string;
  secretHash: string;
  secretEncrypted: string;
}

export interface NewMembership {
  userId: number;
  role: Role;
  /** ACTIVE and SUSPENDED members are enlisted: they get a key and an active date. */
  status: "ACTIVE" | "SUSPENDED" | "INVITED" | "REQUESTED";
  profile?: Partial<Record<ProfileColumn, string | null>>;
  attributes?: Record<string, unknown>;
  externalId?: string | null;
  termsAccepted?: boolean;
  /** Facts for the audit row beyond email, role and status (an invitation's id, a connection's). */
  note?: Record<string, unknown>;
  key?: KeyMaterial;
}

export interface CreatedMembership {
  id: number;
  userId: number;
  /** The new key, shown once; null for a member not enlisted or whose key was made ahead. */
  apiKey: string | null;
}

const enlisted = (status: NewMembership["status"]) => status === "ACTIVE" || status === "SUSPENDED";

const COLUMNS = PROFILE_COLUMNS.map((c) => `"${c}"`).join(", ");
const TYPES = PROFILE_COLUMNS.map((c) => `"${c}" text`).join(", ");
const CASTS = PROFILE_COLUMNS.map((c) =>
  c === "gender" ? `COALESCE(i."gender", 'unknown')::"Gender"` : `i."${c}"`,
).join(", ");

// Sort and search keys computed here: one join instead of a trigger's lookup per row.
const INSERT = `WITH input AS (
    SELECT * FROM json_to_recordset($1::json)
      AS i("userId" int, role text, status text, attributes jsonb, "externalId" text, "termsAccepted" boolean,
           note jsonb, "keyId" text, "secretHash" text, "secretEncrypted" text, ${TYPES})
  ), created AS (
    INSERT INTO "Membership" ("userId", "accountId", role, status, "activeDate", attributes, "externalId",
                              "termsAccepted", "termsAcceptedAt", "updatedAt",
                              ${COLUMNS}, "sortLastName", "sortFirstName", "sortEmail", "searchText")
    SELECT i."userId", $2::int, i.role::"Role", i.status::"MembershipStatus",
           CASE WHEN i.status IN ('ACTIVE', 'SUSPENDED') THEN now() END, COALESCE(i.attributes, '{}'), i."externalId",
           COALESCE(i."termsAccepted", false), CASE WHEN i."termsAccepted" THEN now() END, now(),
           ${CASTS}, roster_name_sort_key(i."lastName"), roster_name_sort_key(i."firstName"), roster_sort_key(u.email),
           roster_search_text(i."firstName", i."middleName", i."lastName", i."displayName", i."title",
                              i."department", i."username", lower(btrim(u.email)))
    FROM input i JOIN "User" u ON u.id = i."userId"
    RETURNING id, "userId", role, status
  ), keys AS (
    INSERT INTO "ApiCredential" ("membershipId", "keyId", "secretHash", "secretEncrypted")
    SELECT c.id, i."keyId", i."secretHash", i."secretEncrypted"
    FROM created c JOIN input i ON i."userId" = c."userId" WHERE i."keyId" IS NOT NULL
  ), audit AS (
    -- One audit row and one event per member (recordAudit's outbox write, set-based).
    INSERT INTO "AuditEvent" ("accountId", "actorKind", "actorUserId", "actorCredentialId", action,
                              "targetType", "targetId", after, ip, "userAgent")
    SELECT $2::int, $3, $4::int, $5::int, $8, 'membership', c."userId"::text,
           jsonb_build_object('email', u.email, 'role', c.role, 'status', c.status) || COALESCE(i.note, '{}'), $6, $7
    FROM created c JOIN "User" u ON u.id = c."userId" JOIN input i ON i."userId" = c."userId"
    ORDER BY c.id
    RETURNING id, "createdAt"
  ), seq AS (
    UPDATE "Account" SET "eventSequence" = "eventSequence" + (SELECT count(*) FROM audit)
    WHERE id = $2::int RETURNING "eventSequence"
  ), events AS (
    INSERT INTO "Event" (id, "accountId", sequence, "auditEventId", type, "occurredAt")
    SELECT 'evt_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 24), $2::int,
           seq."eventSequence" - (SELECT count(*) FROM audit) + row_number() OVER (ORDER BY a.id), a.id, $9, a."createdAt"
    FROM audit a, seq
  )
  SELECT id, "userId" FROM created`;

/**
 * Creates memberships in one account, in the caller's transaction (which holds
 * the account's lock, so the sequence numbers have no gaps). The caller has
 * checked who may and that none of these people is a member already.
 */
export async function createMemberships(
  tx: Tx,
  actor: Actor,
  accountId: number,
  action: CreationAction,
  rows: NewMembership[],
): Promise<CreatedMembership[]> {
  if (rows.length === 0) return [];
  const fresh = generateKeys(rows.filter((r) => enlisted(r.status) && !r.key).length);
  const shown = new Map<number, string>();
  const input = rows.map((r) => {
    let key = r.key;
    if (!key && enlisted(r.status)) {
      const k = fresh.pop();
      if (k) {
        key = { keyId: k.keyId, secretHash: hashSecret(k.secret), secretEncrypted: encryptSecret(k.secret) };
        shown.set(r.userId, k.apiKey);
      }
    }
    return {
      userId: r.userId,
      role: r.role,
      status: r.status,
      attributes: r.attributes ?? {},
      externalId: r.externalId ?? null,
      termsAccepted: r.termsAccepted ?? false,
      note: r.note ?? null,
      ...key,
      ...Object.fromEntries(PROFILE_COLUMNS.map((c) => [c, r.profile?.[c] ?? null])),
    };
  });
  const who = actorColumns(actor);
  const created = await tx.$queryRawUnsafe<{ id: number; userId: number }[]>(
    INSERT,
    JSON.stringify(input),
    accountId,
    who.actorKind,
    who.actorUserId,
    who.actorCredentialId,
    actor.ip ?? null,
    actor.userAgent?.slice(0, 500) ?? null,
    action,
    AUDIT_ACTIONS[action].event,
  );
  return created.map((c) => ({ id: c.id, userId: c.userId, apiKey: shown.get(c.userId) ?? null }));
}

/** One membership (a batch of one). */
export async function createMembership(
  tx: Tx,
  actor: Actor,
  accountId: number,
  action: CreationAction,
  row: NewMembership,
): Promise<CreatedMembership> {
  const [created] = await createMemberships(tx, actor, accountId, action, [row]);
  return created;
}

/** The key of a membership created ACTIVE or SUSPENDED (always made there). */
export function newKeyOf(created: CreatedMembership): string {
  if (created.apiKey === null) throw new Error(`membership ${created.id} was created without a key`);
  return created.apiKey;
}
