import "server-only";
import type { Origin } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { recordAudit } from "../audit/record";
import { createMembership } from "../members/create-memberships";
import type { Tx } from "../tx";
import { findOrCreateUser } from "../users/find-or-create";
import { emailDomain, type MappedProfile } from "./mapping";
import type { Claims, ConnectionRow } from "./types";

// Who an identity provider's sign-in is (SPEC §7). A connection's
// (issuer, subject) names a person once linked, never an email alone. A first
// sign-in links only when the asserted email's domain is verified by the
// connection's account, or when the person already signed in in this browser
// (the way they did before) and belongs to the account or holds its invitation.

export interface SsoPerson {
  userId: number;
  membershipId: number;
  joined: boolean;
}

const publicActor = (userId: number, origin: Origin) => ({ kind: "public" as const, userId, ...origin });

/** The account's verified domain for this email, with how people at it join; null when not verified by this account. */
async function verifiedDomainOf(tx: Tx, accountId: number, email: string | null) {
  const domain = emailDomain(email);
  if (!domain) return null;
  const claim = await tx.domainClaim.findUnique({ where: { domain }, include: { owner: true } });
  return claim && claim.owner.accountId === accountId && claim.owner.status === "VERIFIED" ? claim.owner : null;
}

type VerifiedDomain = Awaited<ReturnType<typeof verifiedDomainOf>>;

async function linkFirstSignIn(
  tx: Tx,
  conn: ConnectionRow,
  claims: Claims,
  profile: MappedProfile,
  verified: VerifiedDomain,
  browserUserId: number | null,
  origin: Origin,
): Promise<number> {
  let userId: number;
  if (verified && profile.email) {
    const { user, created } = await findOrCreateUser(tx, profile.email);
    userId = user.id;
    if (created || user.emailStatus !== "CONFIRMED") {
      // The domain's owner vouches for the address. A login someone made at it
      // without ever proving it (a squatter's password, factors, sessions) ends here.
      await tx.user.update({
        where: { id: user.id },
        data: {
          emailStatus: "CONFIRMED",
          confirmedAt: new Date(),
          ...(created ? {} : { passwordHash: null, passwordAccountId: null, sessionVersion: { increment: 1 } }),
        },
      });
      if (!created) {
        await tx.secondFactor.deleteMany({ where: { userId: user.id } });
        await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
        await recordAudit(tx, publicActor(user.id, origin), {
          accountId: conn.accountId,
          action: "user.unproved_login_reset",
          targetType: "user",
          targetId: user.id,
          after: { reason: "an identity provider of the address's verified domain vouched for it" },
        });
      }
    }
  } else if (browserUserId && (await belongsOrInvited(tx, conn.accountId, browserUserId))) {
    userId = browserUserId;
  } else {
    throw new DomainError(
      "sso_not_linked",
      `This sign-in (${profile.email ?? "no email"}) is not linked to a login here, and its domain is not verified by this account. ` +
        "Sign in the way you did before, then sign in through your identity provider once to link them.",
    );
  }
  await tx.ssoIdentity.upsert({
    where: { connectionId_subject: { connectionId: conn.id, subject: claims.sub } },
    create: { connectionId: conn.id, issuer: claims.iss, subject: claims.sub, userId },
    update: { issuer: claims.iss, userId },
  });
  await recordAudit(tx, publicActor(userId, origin), {
    accountId: conn.accountId,
    action: "sso.identity_link",
    targetType: "user",
    targetId: userId,
    after: { connectionId: conn.id, issuer: claims.iss, subject: claims.sub, email: profile.email },
  });
  return userId;
}

async function belongsOrInvited(tx: Tx, accountId: number, userId: number): Promise<boolean> {
  const m = await tx.membership.findUnique({ where: { userId_accountId: { userId, accountId } } });
  return Boolean(m && m.status !== "REQUESTED" && m.status !== "DECLINED");
}

const profileData = (p: MappedProfile) => ({
  ...(p.firstName !== undefined ? { firstName: p.firstName } : {}),
  ...(p.lastName !== undefined ? { lastName: p.lastName } : {}),
  ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
  ...(p.title !== undefined ? { title: p.title } : {}),
  ...(p.department !== undefined ? { department: p.department } : {}),
});

/**
 * The person and ACTIVE membership this sign-in opens, linking and joining
 * as the rules allow; runs under the account's lock (the caller's transaction).
 */
export async function resolveSsoPerson(
  tx: Tx,
  conn: ConnectionRow,
  claims: Claims,
  profile: MappedProfile,
  browserUserId: number | null,
  origin: Origin,
): Promise<SsoPerson> {
  const identity = await tx.ssoIdentity.findUnique({
    where: { connectionId_subject: { connectionId: conn.id, subject: claims.sub } },
  });
  // The asserted email's domain, if this account has verified it: it decides a first link and joining,
  // looked up once and only when one of them is at stake (a returning member's sign-in needs neither).
  let domain: Promise<VerifiedDomain> | undefined;
  const verifiedDomain = () => {
    domain ??= verifiedDomainOf(tx, conn.accountId, profile.email);
    return domain;
  };
  const userId =
    identity && identity.issuer === claims.iss
      ? identity.userId
      : await linkFirstSignIn(tx, conn, claims, profile, await verifiedDomain(), browserUserId, origin);
  await tx.ssoIdentity.update({
    where: { connectionId_subject: { connectionId: conn.id, subject: claims.sub } },
    data: { lastSignInAt: new Date() },
  });

  const account = await tx.account.findUniqueOrThrow({ where: { id: conn.accountId }, select: { name: true } });
  const m = await tx.membership.findUnique({ where: { userId_accountId: { userId, accountId: conn.accountId } } });
  if (m?.status === "ACTIVE") {
    const data = profileData(profile);
    const attributes = { ...(m.attributes as Record<string, string>), ...profile.attributes };
    const changed =
      Object.entries(data).some(([k, v]) => m[k as keyof typeof data] !== v) ||
      JSON.stringify(attributes) !== JSON.stringify(m.attributes);
    if (conn.updateProfile && changed) {
      await tx.membership.update({
        where: { id: m.id },
        data: { ...data, attributes, version: { increment: 1 } },
      });
      await recordAudit(tx, publicActor(userId, origin), {
        accountId: conn.accountId,
        action: "member.update_sso",
        targetType: "membership",
        targetId: userId,
        before: { ...profileData(m as unknown as MappedProfile), attributes: m.attributes },
        after: { ...data, attributes },
      });
    }
    return { userId, membershipId: m.id, joined: false };
  }
  if (m) {
    throw new DomainError(
      "forbidden",
      `Your membership of ${account.name} is ${m.status.toLowerCase()}: an admin of ${account.name} can change that`,
    );
  }
  const joinable = await verifiedDomain();
  if (joinable?.enrollment !== "AUTO_JOIN") {
    throw new DomainError("forbidden", `You are not a member of ${account.name}: ask one of its admins to invite you`);
  }
  const created = await createMembership(tx, publicActor(userId, origin), conn.accountId, "member.join_sso", {
    userId,
    role: joinable.defaultRole,
    status: "ACTIVE",
    profile: profileData(profile),
    attributes: profile.attributes,
    note: { connectionId: conn.id },
  });
  return { userId, membershipId: created.id, joined: true };
}
