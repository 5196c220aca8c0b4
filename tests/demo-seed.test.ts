import { describe, expect, it } from "vitest";
import { DEMO_EMAIL, seedDemoIfEmpty } from "@/lib/domain/demo/seed-demo";
import { checkPassword } from "@/lib/domain/sign-in/sign-in";
import { parseApiKey } from "@/lib/platform/auth/api-key";
import { authenticateApiKey } from "@/lib/platform/auth/authenticate";
import { getDb } from "@/lib/platform/db/client";

describe("first start", () => {
  it("seeds an empty database with a demo account in every status and role, once", async () => {
    const demo = await seedDemoIfEmpty("demo-password-x");
    expect(demo).not.toBeNull();
    const db = await getDb();
    const members = await db.membership.findMany({ where: { accountId: demo!.accountId } });
    expect(members.length).toBeGreaterThanOrEqual(24);
    expect(new Set(members.map((m) => m.status))).toEqual(
      new Set(["ACTIVE", "INVITED", "SUSPENDED", "DISABLED", "REQUESTED", "DECLINED"]),
    );
    expect(new Set(members.map((m) => m.role))).toEqual(new Set(["GUEST", "REGULAR", "DEVELOPER", "ADMIN", "SUPER"]));
    expect(await checkPassword(DEMO_EMAIL, "demo-password-x")).not.toBeNull();
    const admin = await authenticateApiKey(parseApiKey(demo!.apiKey)!);
    expect(admin.role).toBe("SUPER");

    // never again on a database that holds data
    expect(await seedDemoIfEmpty("another-password")).toBeNull();
    expect(await db.account.count()).toBe(1);
  });
});
