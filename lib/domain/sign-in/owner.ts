import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";

/** The person behind a console session (never an API key): only they manage their own login. */
export function sessionOwner(actor: Actor): { userId: number; sid: string; sv: number; ip: string } {
  const session = actor.kind === "member" || actor.kind === "public" ? actor.session : undefined;
  const userId = actor.kind === "member" || actor.kind === "public" ? actor.userId : undefined;
  if (!session || !userId || (actor.kind === "member" && actor.via !== "session")) {
    throw new DomainError("owner_only", "Only the person, signed in to the console, manages their own login");
  }
  return { userId, sid: session.sid, sv: session.sv, ip: actor.ip ?? "unknown" };
}

/** How long a verification counts for a sensitive act (SPEC §7, step-up). */
export const REVERIFY_WINDOW_MS = 10 * 60_000;

export const REVERIFY_MESSAGE =
  "Confirm it is you first: enter a code from your authenticator (or your password if you have no second factor), then try again";

/**
 * A sensitive act needs this session to have proved a factor in the last ten
 * minutes (signing in counts). Locks the session row, so a concurrent
 * sign-out cannot slip between the check and the act.
 */
export async function assertRecentlyVerified(tx: Tx, actor: Actor): Promise<void> {
  const session = actor.kind === "member" || actor.kind === "public" ? actor.session : undefined;
  if (!session) return; // API keys and SCIM tokens are their own credentials (SPEC §7)
  const [row] = await tx.$queryRaw<{ fresh: boolean }[]>`
    SELECT ("verifiedAt" > now() - make_interval(secs => ${REVERIFY_WINDOW_MS / 1000})) AS fresh
    FROM "Session" WHERE id = ${session.sid} AND "endedAt" IS NULL FOR UPDATE`;
  if (!row) throw new DomainError("unauthenticated", "This session has ended: sign in again");
  if (!row.fresh) throw new DomainError("reverification_required", REVERIFY_MESSAGE);
}
