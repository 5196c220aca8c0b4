// A domain the account has verified (written directly: the DNS proof is tested in tests/domains.test.ts),
// with who may join through it — what an SSO sign-in's first link and joining rest on.
import { getDb } from "@/lib/platform/db/client";
import type { TestAccount } from "./fixtures";

let n = 0;
export const freshDomain = (prefix = "sso") => `${prefix}${Date.now().toString(36)}${++n}.example`;

export async function verifiedDomain(
  account: TestAccount,
  enrollment: "OFF" | "AUTO_JOIN" = "AUTO_JOIN",
  role = "REGULAR",
  prefix = "sso",
): Promise<string> {
  const domain = freshDomain(prefix);
  const db = await getDb();
  const d = await db.accountDomain.create({
    data: {
      accountId: account.accountId,
      domain,
      token: "t",
      status: "VERIFIED",
      enrollment,
      defaultRole: role as "REGULAR",
      verifiedAt: new Date(),
    },
  });
  await db.domainClaim.create({ data: { domain, domainId: d.id } });
  return domain;
}
