import { apiRoute } from "@/lib/api/http/route";
import { getSecurityPolicy, type SecurityPolicy, updateSecurityPolicy } from "@/lib/domain/sign-in/policy";
import { readJsonObject } from "@/lib/platform/http/body";
import { expectedSecurityVersion, securityEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

const answer = (p: SecurityPolicy) =>
  Response.json(
    { mfa: p.mfa, sso: p.sso },
    { headers: { ETag: securityEtag(p.accountId, p.version), "Cache-Control": "no-store" } },
  );

// GET /api/v1/account/security — who must sign in with a second factor (ADMIN+)
export const GET = apiRoute(async ({ actor }) => answer(await getSecurityPolicy(actor)));

// PATCH /api/v1/account/security — {"mfa": "off" | "admins" | "everyone"} (ADMIN+; SUPER to loosen; If-Match)
export const PATCH = apiRoute(async ({ req, actor }) =>
  answer(
    await updateSecurityPolicy(actor, await readJsonObject(req), {
      expectedVersion: expectedSecurityVersion(req, actor.accountId),
    }),
  ),
);

export const { POST, PUT, DELETE } = notAllowed("GET", "PATCH");
