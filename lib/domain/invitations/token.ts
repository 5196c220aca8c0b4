import { randomBytes } from "node:crypto";
import { hashSecret } from "../../platform/auth/api-key";

export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashSecret(token) };
}

export const hashInvitationToken = (token: string) => hashSecret(token);

/** PENDING past its expiry reads as EXPIRED everywhere. */
export function effectiveStatus(inv: { status: string; expiresAt: Date }, now = new Date()) {
  return inv.status === "PENDING" && inv.expiresAt <= now ? "EXPIRED" : inv.status;
}
