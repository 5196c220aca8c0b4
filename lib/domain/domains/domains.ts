import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember, systemActor } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { lookupTxt } from "../../platform/dns/txt";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import type { AuditAction } from "../events/catalogue";
import { assertCan, assertMayAssignRole, ROLES } from "../permissions";
import { inAccountTransaction, inMemberTransaction, type Tx } from "../tx";
import { challengeName, challengeValue, normalizeDomain } from "./names";

// Verified domains (SPEC §7): an account claims an email domain by publishing
// a TXT record; a verified domain belongs to one account at a time (its name
// is DomainClaim's key), is re-checked daily, and lapses when the record goes.

type Row = Awaited<ReturnType<Tx["accountDomain"]["findFirstOrThrow"]>>;

export interface DomainView {
  id: number;
  domain: string;
  status: "pending" | "verified" | "lapsed";
  enrollment: "off" | "suggest" | "auto_join";
  defaultRole: Row["defaultRole"];
  verification: { type: "TXT"; name: string; value: string };
  verifiedAt: Date | null;
  checkedAt: Date | null;
  lastFound: string | null;
  version: number;
}

export const toView = (r: Row): DomainView => ({
  id: r.id,
  domain: r.domain,
  status: r.status.toLowerCase() as DomainView["status"],
  enrollment: r.enrollment.toLowerCase() as DomainView["enrollment"],
  defaultRole: r.defaultRole,
  verification: { type: "TXT", name: challengeName(r.domain), value: challengeValue(r.token) },
  verifiedAt: r.verifiedAt,
  checkedAt: r.checkedAt,
  lastFound: r.lastFound,
  version: r.version,
});

const event = (accountId: number, action: AuditAction, r: Row, after?: Record<string, unknown>) => ({
  accountId,
  action,
  targetType: "account" as const,
  targetId: accountId,
  after: { domain: r.domain, ...after },
});

async function load(tx: Tx, accountId: number, rawId: unknown): Promise<Row> {
  const id = parseInput(idSchema, rawId);
  const row = await tx.accountDomain.findFirst({ where: { id, accountId } });
  if (!row) throw new DomainError("not_found", `This account has no domain ${id}`);
  return row;
}

export async function listDomains(actor: Actor): Promise<DomainView[]> {
  const member = requireMember(actor);
  assertCan(member.role, "account.domains");
  const db = await getDb();
  const rows = await db.accountDomain.findMany({ where: { accountId: member.accountId }, orderBy: { id: "asc" } });
  return rows.map(toView);
}

export async function getDomain(actor: Actor, rawId: unknown): Promise<DomainView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.domains");
  return toView(await load(await getDb(), member.accountId, rawId));
}

/** Claims a domain (pending until its TXT record is seen): answers the record to publish. */
export async function addDomain(actor: Actor, raw: { domain?: unknown }): Promise<DomainView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.domains");
  const domain = normalizeDomain(raw?.domain);
  return inMemberTransaction(member, async (tx) => {
    if (await tx.accountDomain.count({ where: { accountId: member.accountId, domain } })) {
      throw new DomainError("conflict", `${domain} is already on this account's list`, [
        { field: "domain", message: "is already listed" },
      ]);
    }
    const row = await tx.accountDomain.create({
      data: { accountId: member.accountId, domain, token: randomBytes(18).toString("base64url") },
    });
    await recordAudit(tx, member, event(member.accountId, "domain.add", row));
    return toView(row);
  });
}

/**
 * Looks the TXT record up and verifies the domain, or answers 409
 * `verification_failed` saying what was found. A domain another account has
 * verified stays theirs (409 conflict) until it lapses or they remove it.
 */
export async function verifyDomain(actor: Actor, rawId: unknown): Promise<DomainView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.domains");
  const db = await getDb();
  const before = await load(db, member.accountId, rawId);
  const expected = challengeValue(before.token);
  const found = await lookupTxt(challengeName(before.domain));
  const ok = found.records.includes(expected);
  const seen = found.error
    ? `the lookup failed (${found.error})`
    : found.records.length
      ? `TXT ${found.records.map((r) => JSON.stringify(r.slice(0, 100))).join(", ")}`
      : "no TXT record";
  if (!ok) {
    await db.accountDomain.updateMany({
      where: { id: before.id },
      data: { checkedAt: new Date(), lastFound: seen.slice(0, 500) },
    });
    throw new DomainError(
      "verification_failed",
      `${challengeName(before.domain)} should hold the TXT record "${expected}"; found ${seen}`,
    );
  }
  return inMemberTransaction(member, async (tx) => {
    const row = await load(tx, member.accountId, before.id);
    if (row.status === "VERIFIED") return toView(row);
    const claimed = await tx.domainClaim.findUnique({ where: { domain: row.domain } });
    if (claimed && claimed.domainId !== row.id) {
      throw new DomainError("conflict", `${row.domain} is verified by another account`, [
        { field: "domain", message: "is verified by another account" },
      ]);
    }
    // The claim's key is the name: of two accounts verifying at once, one insert wins.
    await tx.domainClaim.create({ data: { domain: row.domain, domainId: row.id } });
    const updated = await tx.accountDomain.update({
      where: { id: row.id },
      data: {
        status: "VERIFIED",
        verifiedAt: new Date(),
        checkedAt: new Date(),
        lastFound: seen.slice(0, 500),
        version: { increment: 1 },
      },
    });
    await recordAudit(tx, member, event(member.accountId, "domain.verify", updated));
    return toView(updated);
  });
}

const updateSchema = z
  .object({
    enrollment: z.enum(["off", "suggest", "auto_join"]).optional(),
    defaultRole: z.enum(ROLES).optional(),
  })
  .strict();

/** How people at the domain join: off, suggest (they may ask), auto_join (they become ACTIVE members). */
export async function updateDomain(
  actor: Actor,
  rawId: unknown,
  raw: unknown,
  options: { expectedVersion?: number } = {},
): Promise<DomainView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.domains");
  const input = parseInput(updateSchema, raw);
  if (input.defaultRole) assertMayAssignRole(member.role, null, input.defaultRole);
  return inMemberTransaction(member, async (tx) => {
    const row = await load(tx, member.accountId, rawId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
      throw new DomainError("precondition_failed", "The domain changed since you read it (If-Match does not match)");
    }
    if (input.enrollment === "auto_join" && row.status !== "VERIFIED") {
      throw new DomainError("invalid_transition", "Verify the domain before people at it join on their own", [
        { field: "enrollment", message: "needs a verified domain" },
      ]);
    }
    const updated = await tx.accountDomain.update({
      where: { id: row.id },
      data: {
        ...(input.enrollment ? { enrollment: input.enrollment.toUpperCase() as Row["enrollment"] } : {}),
        ...(input.defaultRole ? { defaultRole: input.defaultRole } : {}),
        version: { increment: 1 },
      },
    });
    await recordAudit(tx, member, {
      ...event(member.accountId, "domain.update", updated),
      before: { enrollment: row.enrollment, defaultRole: row.defaultRole },
      after: { domain: row.domain, enrollment: updated.enrollment, defaultRole: updated.defaultRole },
    });
    return toView(updated);
  });
}

export async function deleteDomain(actor: Actor, rawId: unknown): Promise<void> {
  const member = requireMember(actor);
  assertCan(member.role, "account.domains");
  await inMemberTransaction(member, async (tx) => {
    const row = await load(tx, member.accountId, rawId);
    await tx.accountDomain.delete({ where: { id: row.id } });
    await recordAudit(tx, member, event(member.accountId, "domain.delete", row));
  });
}

/** How often a verified domain's record is looked at again. */
export const RECHECK_MS = 24 * 3_600_000;

/**
 * The daily re-check: a verified domain whose record is gone lapses (its claim
 * is released, what depends on it stops), audited. A lookup that fails (DNS
 * down) changes nothing: only a record seen missing lapses a domain.
 */
export async function recheckDomains(now = new Date()): Promise<{ checked: number; lapsed: string[] }> {
  const db = await getDb();
  const due = await db.accountDomain.findMany({
    where: {
      status: "VERIFIED",
      OR: [{ checkedAt: null }, { checkedAt: { lt: new Date(now.getTime() - RECHECK_MS) } }],
    },
    take: 500,
  });
  const lapsed: string[] = [];
  for (const row of due) {
    const found = await lookupTxt(challengeName(row.domain));
    if (found.error) continue;
    const still = found.records.includes(challengeValue(row.token));
    await inAccountTransaction(row.accountId, async (tx) => {
      const current = await tx.accountDomain.findUnique({ where: { id: row.id } });
      if (current?.status !== "VERIFIED") return;
      if (still) {
        await tx.accountDomain.update({ where: { id: row.id }, data: { checkedAt: now } });
        return;
      }
      await tx.domainClaim.deleteMany({ where: { domainId: row.id } });
      const updated = await tx.accountDomain.update({
        where: { id: row.id },
        data: { status: "LAPSED", checkedAt: now, lastFound: "no matching TXT record", version: { increment: 1 } },
      });
      await recordAudit(tx, systemActor("domain-check"), event(row.accountId, "domain.lapse", updated));
      lapsed.push(row.domain);
    });
  }
  return { checked: due.length, lapsed };
}
