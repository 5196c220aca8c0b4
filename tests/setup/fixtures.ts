import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { createAccount } from "@/lib/domain/accounts/create-account";
import { addMember } from "@/lib/domain/members/add-member";
import type { Role } from "@/lib/generated/prisma/enums";
import type { MemberActor } from "@/lib/platform/auth/actor";
import { systemActor } from "@/lib/platform/auth/actor";
import { parseApiKey } from "@/lib/platform/auth/api-key";
import { authenticateApiKey } from "@/lib/platform/auth/authenticate";
import { getDb } from "@/lib/platform/db/client";
import { DomainError, type ErrorCode } from "@/lib/platform/errors";

export const uniqueEmail = (tag = "user") => `${tag}-${randomBytes(5).toString("hex")}@example.test`;

/** Signs in through the real API-key path. */
export async function actorFor(apiKey: string): Promise<MemberActor> {
  const key = parseApiKey(apiKey);
  if (!key) throw new Error(`not an API key: ${apiKey}`);
  return authenticateApiKey(key);
}

export interface TestAccount {
  accountId: number;
  owner: MemberActor;
  ownerKey: string;
}

export async function newAccount(name = "Acme"): Promise<TestAccount> {
  const r = await createAccount(systemActor("test"), {
    name,
    email: uniqueEmail("owner"),
    firstName: "Olive",
    lastName: "Owner",
  });
  return { accountId: r.accountId, owner: await actorFor(r.apiKey), ownerKey: r.apiKey };
}

export interface TestMember {
  userId: number;
  apiKey: string;
  actor: MemberActor;
}

/** Adds an ACTIVE member with the given role (as the account's SUPER). */
export async function newMember(
  account: TestAccount,
  role: Role = "REGULAR",
  tag = role.toLowerCase(),
): Promise<TestMember> {
  const m = await addMember(account.owner, { email: uniqueEmail(tag), firstName: tag, lastName: "Tester", role });
  if (!m.apiKey) throw new Error(`a new person was invited, not added: ${m.email}`);
  return { userId: m.userId, apiKey: m.apiKey, actor: await actorFor(m.apiKey) };
}

/** Sets a membership's status directly: arranges a starting state for a transition test. */
export async function setStatus(
  account: TestAccount,
  userId: number,
  status: "INVITED" | "REQUESTED" | "SUSPENDED" | "DISABLED" | "DECLINED" | "ACTIVE",
) {
  const db = await getDb();
  await db.membership.update({
    where: { userId_accountId: { userId, accountId: account.accountId } },
    data: { status },
  });
}

/** A person with no membership yet (as the join and sign-up paths make them). */
export async function newPerson(email = uniqueEmail("person")) {
  const { inTransaction } = await import("@/lib/domain/tx");
  const { findOrCreateUser } = await import("@/lib/domain/users/find-or-create");
  const { user } = await inTransaction((tx) => findOrCreateUser(tx, email));
  return user;
}

export async function membership(account: TestAccount, userId: number) {
  const db = await getDb();
  return db.membership.findUnique({ where: { userId_accountId: { userId, accountId: account.accountId } } });
}

export async function expectDomainError(promise: Promise<unknown>, code: ErrorCode) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a ${code} error`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}
