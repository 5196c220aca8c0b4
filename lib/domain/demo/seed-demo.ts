import "server-only";
import { randomBytes } from "node:crypto";
import type { Role } from "../../generated/prisma/enums";
import type { MemberActor } from "../../platform/auth/actor";
import { systemActor } from "../../platform/auth/actor";
import { hashPassword } from "../../platform/auth/passwords";
import { recordAudit } from "../audit/record";
import { inviteMember } from "../invitations/invite-member";
import { addMember } from "../members/add-member";
import { denyMember, removeMember, toggleSuspension } from "../members/change-status";
import { createMembership, newKeyOf } from "../members/create-memberships";
import { requestToJoin } from "../members/request-to-join";
import { inTransaction } from "../tx";
import { findOrCreateUser, newUid } from "../users/find-or-create";
import { DEMO_PEOPLE } from "./people";

export const DEMO_EMAIL = "admin@acme.example";
const DEMO_DOMAIN = "acme.example";

export interface DemoCredentials {
  accountId: number;
  email: string;
  password: string;
  apiKey: string;
}

/**
 * On an empty database, a demo account with members in every status and role.
 * Never on a database that holds data: the check and the owner's creation share
 * one transaction under an advisory lock, so two servers starting at once seed once.
 */
export async function seedDemoIfEmpty(password = process.env.ROSTER_DEMO_PASSWORD): Promise<DemoCredentials | null> {
  const pw = password || randomBytes(9).toString("base64url");
  const passwordHash = await hashPassword(pw);
  const owner = await inTransaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7201508)`;
    if ((await tx.account.count()) > 0 || (await tx.user.count()) > 0) return null;
    const account = await tx.account.create({
      data: {
        name: "Acme Corporation",
        domain: DEMO_DOMAIN,
        organizationId: "ORG-ACME-0001",
        tokenBalance: 2500,
        addresses: {
          create: [
            {
              position: 0,
              label: "HQ",
              line1: "1 Market Street",
              city: "San Francisco",
              region: "CA",
              postalCode: "94105",
              country: "US",
            },
          ],
        },
        phones: { create: [{ position: 0, label: "Main", number: "+1 415 555 0100" }] },
      },
    });
    const user = await tx.user.create({
      data: {
        uid: newUid(),
        email: DEMO_EMAIL,
        passwordHash,
        emailStatus: "CONFIRMED",
        confirmedAt: new Date(),
      },
    });
    const first = systemActor("first-start");
    await recordAudit(tx, first, {
      accountId: account.id,
      action: "account.create",
      targetType: "account",
      targetId: account.id,
      after: { name: account.name, owner: DEMO_EMAIL, demo: true },
    });
    const m = await createMembership(tx, first, account.id, "member.add_owner", {
      userId: user.id,
      role: "SUPER",
      status: "ACTIVE",
      profile: { firstName: "Alex", lastName: "Admin", title: "IT Director" },
    });
    return { accountId: account.id, userId: user.id, membershipId: m.id, apiKey: newKeyOf(m) };
  });
  if (!owner) return null;

  const actor: MemberActor = {
    kind: "member",
    via: "session",
    userId: owner.userId,
    accountId: owner.accountId,
    membershipId: owner.membershipId,
    role: "SUPER",
  };
  const roles: Role[] = ["REGULAR", "REGULAR", "REGULAR", "DEVELOPER", "DEVELOPER", "ADMIN", "GUEST", "SUPER"];
  const email = (first: string, last: string) => {
    const local = `${first}.${last}`
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z.]/g, "");
    return `${local}@${DEMO_DOMAIN}`;
  };
  for (const [i, [first, last, dept]] of DEMO_PEOPLE.entries()) {
    const role = roles[i % roles.length];
    const address = email(first, last);
    if (i % 9 === 4) {
      await inviteMember(actor, {
        email: address,
        firstName: first,
        lastName: last,
        role: role === "SUPER" ? "ADMIN" : role,
      });
      continue;
    }
    if (i % 9 === 7) {
      // A person who asked to join (as if signed in; the mailed-link step is the person's).
      const person = await inTransaction((tx) => findOrCreateUser(tx, address));
      const r = await requestToJoin(
        { kind: "public", userId: person.user.id },
        { accountId: owner.accountId, firstName: first, lastName: last },
      );
      if (i % 2 === 0) await denyMember(actor, person.user.id);
      void r;
      continue;
    }
    const m = await addMember(actor, {
      email: address,
      firstName: first,
      lastName: last,
      department: dept,
      company: "Acme Corporation",
      title: `${dept} ${role === "ADMIN" ? "Lead" : "Specialist"}`,
      role,
    });
    if (i % 9 === 2) await toggleSuspension(actor, m.userId);
    if (i % 9 === 6) await removeMember(actor, m.userId);
  }
  return { accountId: owner.accountId, email: DEMO_EMAIL, password: pw, apiKey: owner.apiKey };
}
