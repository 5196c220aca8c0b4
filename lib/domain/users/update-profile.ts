import "server-only";
import { z } from "zod";
import type { Membership, Prisma } from "../../generated/prisma/client";
import type { MembershipStatus } from "../../generated/prisma/enums";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { attributesSchema } from "../members/add-member";
import { changeMember } from "../members/apply-change";
import { loadTarget } from "../members/target";
import { TRANSITIONS } from "../members/transitions";
import { assertUsernameFree } from "../members/username";
import { type MemberView, memberView } from "../members/view";
import { assertCan, assertOutranksOrSuper } from "../permissions";
import { inMemberTransaction, insideAllOrNothing, type Tx } from "../tx";
import { MEMBER_PROFILE_KEYS, profileFields } from "./profile";
import { quickPatchable, updateProfileInOneStatement } from "./update-profile-fast";

export const updateProfileSchema = z
  .object({ ...profileFields, password: z.string().max(MAX_PASSWORD_LENGTH), attributes: attributesSchema })
  .partial()
  .strict();

export type UpdateProfileInput = z.input<typeof updateProfileSchema>;

/** What a PUT clears a field to. */
const CLEARED: Partial<Record<keyof Membership, unknown>> = { gender: "unknown", termsAccepted: false };

export interface UpdateProfileOptions {
  /** PUT: every field not sent is cleared; PATCH (default): only what is sent changes. */
  replace?: boolean;
  /** If-Match: the membership version the caller last saw. */
  expectedVersion?: number;
  /** The identity provider's id for this member (SCIM externalId); null clears it. */
  externalId?: string | null;
  /**
   * SCIM's `active`, in the same transaction: true brings the member to ACTIVE
   * (as activate does), false suspends an ACTIVE member (as suspend does, with
   * its rules: never yourself, never the last ACTIVE SUPER).
   */
  active?: boolean;
}

/**
 * Update a member profile (000 PATCH /user, 003 PUT/PATCH, SCIM): anyone edits
 * their own, admins the members they outrank — this account's profile only.
 * The login (email, password) is the person's: see assertMayChangeLogin.
 */
export async function updateProfile(
  actor: Actor,
  rawUserId: unknown,
  raw: UpdateProfileInput,
  options: UpdateProfileOptions = {},
): Promise<MemberView> {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  const { attributes, password, email, ...fields } = parseInput(updateProfileSchema, raw);
  const self = userId === member.userId;
  assertCan(member.role, self ? "self.update" : "members.manage");
  if (password !== undefined && self) {
    throw new DomainError(
      "owner_only",
      "Change your own password signed in to the console, where it asks for the current one",
      [{ field: "password", message: "cannot be changed here" }],
    );
  }
  // The commonest write, a few profile fields: one statement, no transaction
  // round trips (not inside a larger all-or-nothing save, which it must join).
  const plain =
    !insideAllOrNothing() &&
    !options.replace &&
    options.active === undefined &&
    options.externalId === undefined &&
    password === undefined &&
    email === undefined &&
    attributes === undefined &&
    quickPatchable(fields);
  if (plain) {
    const done = await updateProfileInOneStatement(
      member,
      userId,
      fields as Record<string, string | null>,
      options.expectedVersion,
    );
    if (done) return done;
  }
  const passwordHash = password === undefined ? undefined : await hashPassword(password);

  return inMemberTransaction(member, async (tx) => {
    let target = await loadTarget(tx, member, userId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== target.version) {
      throw new DomainError("precondition_failed", "The record changed since you read it (If-Match does not match)");
    }
    if (!self) assertOutranksOrSuper(member.role, target.role);
    // The active flag is a row of the transition table like any other status change.
    const row = options.active === undefined ? null : activeRow(options.active);
    const statusChanges = row !== null && "to" in row.next(target);
    if (row && statusChanges) {
      assertCan(member.role, "members.manage");
      await changeMember(tx, member, target, row);
      target = await loadTarget(tx, member, userId);
    }

    const data: Record<string, unknown> = {};
    for (const key of MEMBER_PROFILE_KEYS) {
      if (key in fields) data[key] = fields[key as keyof typeof fields];
      else if (options.replace) data[key] = CLEARED[key] ?? null;
    }
    if (typeof data.username === "string" && data.username.toLowerCase() !== target.username?.toLowerCase())
      await assertUsernameFree(tx, member.accountId, data.username, target.id);
    if (data.termsAccepted === true && !target.termsAccepted) data.termsAcceptedAt = new Date();
    if (data.termsAccepted === false) data.termsAcceptedAt = null;

    // The login: a PUT that leaves out the email keeps it; a change must be allowed.
    const login: Prisma.UserUpdateInput = {};
    const emailChanges = email !== undefined && email !== target.user.email;
    if (emailChanges || passwordHash) {
      await assertMayChangeLogin(tx, member.accountId, target, self, emailChanges ? "email" : "password");
    }
    if (emailChanges) {
      const taken = await tx.user.count({ where: { email } });
      if (taken)
        throw new DomainError("email_taken", "Another person already uses this email", [
          { field: "email", message: "is taken" },
        ]);
      Object.assign(login, { email, emailStatus: "UNCONFIRMED", confirmedAt: null });
    }
    if (passwordHash) {
      Object.assign(login, { passwordHash, passwordAccountId: member.accountId, sessionVersion: { increment: 1 } });
    }
    const user = Object.keys(login).length ? await tx.user.update({ where: { id: userId }, data: login }) : target.user;
    // Every account that shows the email sees its records change (their ETags move).
    if (emailChanges)
      await tx.membership.updateMany({
        where: { userId, id: { not: target.id } },
        data: { version: { increment: 1 } },
      });

    let newAttributes = target.attributes as Record<string, unknown>;
    if (attributes !== undefined || options.replace) {
      newAttributes = options.replace ? { ...(attributes ?? {}) } : { ...newAttributes, ...attributes };
      for (const [k, v] of Object.entries(newAttributes)) if (v === null) delete newAttributes[k];
    }
    // Nothing of the profile changes (a status-only change, a PUT of what is there): no write, no event.
    const unchanged =
      Object.keys(login).length === 0 &&
      Object.entries(data).every(([k, v]) => sameValue(target[k as keyof Membership], v)) &&
      sameValue(target.attributes, newAttributes) &&
      (options.externalId === undefined || options.externalId === target.externalId);
    if (unchanged) return memberView(target);
    const updated = await tx.membership.update({
      where: { id: target.id },
      data: {
        ...(data as Prisma.MembershipUpdateInput),
        attributes: newAttributes as Prisma.InputJsonValue,
        version: { increment: 1 },
        ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
      },
      include: { user: true },
    });
    const before: Record<string, unknown> = { attributes: target.attributes };
    const after: Record<string, unknown> = { attributes: updated.attributes };
    if (options.externalId !== undefined) {
      before.externalId = target.externalId;
      after.externalId = updated.externalId;
    }
    for (const key of Object.keys(data)) {
      before[key] = target[key as keyof Membership];
      after[key] = updated[key as keyof Membership];
    }
    if (emailChanges) {
      before.email = target.user.email;
      after.email = user.email;
    }
    if (passwordHash) after.password = "set";
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "user.update",
      targetType: "user",
      targetId: userId,
      before,
      after,
    });
    return memberView(updated);
  });
}

/**
 * SPEC §1 "Credentials": a login's email and password are its owner's. An
 * account's admin may set them only for a brand-new person — never signed in,
 * in this account alone, no email proved, no password of their own — and an
 * admin-set password opens only this account. An API key never changes its
 * owner's login, and the owner changes it in the console (current password
 * for the password, a link to the new address for the email).
 */
async function assertMayChangeLogin(
  tx: Tx,
  accountId: number,
  target: Awaited<ReturnType<typeof loadTarget>>,
  self: boolean,
  what: "email" | "password",
): Promise<void> {
  if (self) {
    throw new DomainError(
      "owner_only",
      what === "email"
        ? "Change your sign-in email from the console: a link goes to the new address to confirm it"
        : "Change your own password signed in to the console, where it asks for the current one",
      [{ field: what, message: "cannot be changed here" }],
    );
  }
  // The person's row first: another account adding them by email waits for this
  // decision, or has finished and is counted below.
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${target.user.id} FOR UPDATE`;
  const u = await tx.user.findUniqueOrThrow({ where: { id: target.user.id } });
  const elsewhere = await tx.membership.count({ where: { userId: u.id, accountId: { not: accountId } } });
  const brandNew =
    elsewhere === 0 &&
    u.lastSignInAt === null &&
    u.confirmedAt === null &&
    (u.passwordHash === null || u.passwordAccountId === accountId);
  if (!brandNew) {
    throw new DomainError("owner_only", `Only this person can change their sign-in ${what}`, [
      { field: what, message: "only its owner can change it" },
    ]);
  }
}

/** Equal as stored: dates by instant, objects by their keys and values in any order. */
function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    v instanceof Date
      ? v.toISOString()
      : v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, x]) => [k, norm(x)]),
          )
        : (v ?? null);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * SCIM's (and the records dialect's) `active` as its row of the transition
 * table: a provider suspends and lifts its own suspensions, nothing else.
 */
export const activeRow = (active: boolean) => (active ? TRANSITIONS.reactivate : TRANSITIONS.deactivate);

/** Whether `active` would change a member in this status. */
export const activeChanges = (status: MembershipStatus, active: boolean) =>
  "to" in activeRow(active).next({ role: "REGULAR", status });
