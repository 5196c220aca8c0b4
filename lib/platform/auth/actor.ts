import type { Role } from "../../generated/prisma/enums";
import { DomainError } from "../errors";

/** Where a request came from, for the audit log. */
export interface Origin {
  ip?: string | null;
  userAgent?: string | null;
}

/** A member acting in one account, signed in or through an API key. */
export interface MemberActor extends Origin {
  kind: "member";
  userId: number;
  accountId: number;
  membershipId: number;
  role: Role;
  /** How the member came: a console session, an API key, a SCIM token, or the operator CLI acting for them. */
  via: "session" | "api_key" | "scim" | "cli";
  credentialId?: number;
  /** A console session's version and id: re-checked under the account lock. */
  session?: { sv: number; sid: string };
  /** The SCIM token a provisioning request came with: re-checked under the account lock. */
  scimTokenId?: number;
}

/** The operator (CLI) or the app itself (first start). */
export interface SystemActor extends Origin {
  kind: "system";
  label: string;
}

/** A person outside any account: accepting an invitation, asking to join. */
export interface PublicActor extends Origin {
  kind: "public";
  /** Set when the person is signed in. */
  userId?: number;
  /** The console session they came with, when signed in. */
  session?: { sv: number; sid: string };
}

export type Actor = MemberActor | SystemActor | PublicActor;

export const systemActor = (label = "cli"): SystemActor => ({ kind: "system", label });

/** The member behind a request, or 401: every verb of an account starts here. */
export function requireMember(actor: Actor): MemberActor {
  if (actor.kind !== "member") {
    throw new DomainError("unauthenticated", "Sign in or send an API key of an active member");
  }
  return actor;
}
