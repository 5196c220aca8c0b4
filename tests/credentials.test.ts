import { describe, expect, it } from "vitest";
import { refreshCredential } from "@/lib/domain/credentials/refresh-credential";
import { addMember } from "@/lib/domain/members/add-member";
import { removeMember, toggleSuspension } from "@/lib/domain/members/change-status";
import { checkPassword } from "@/lib/domain/sign-in/sign-in";
import { parseApiKey } from "@/lib/platform/auth/api-key";
import { apiKeyFromHeaders, authenticateApiKey } from "@/lib/platform/auth/authenticate";
import { hashPassword, verifyPassword } from "@/lib/platform/auth/passwords";
import { getDb } from "@/lib/platform/db/client";
import { DomainError } from "@/lib/platform/errors";
import { expectDomainError, newAccount, newMember, setStatus, uniqueEmail } from "./setup/fixtures";

const authenticate = (apiKey: string) => authenticateApiKey(parseApiKey(apiKey) ?? { keyId: "x", secret: "y" });

describe("API credentials", () => {
  it("refresh: the old key fails at once, the new one works", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    const { apiKey } = await refreshCredential(acct.owner, m.userId);
    expect(apiKey).not.toBe(m.apiKey);
    await expectDomainError(authenticate(m.apiKey), "unauthenticated");
    expect((await authenticate(apiKey)).userId).toBe(m.userId);
    const db = await getDb();
    const live = await db.apiCredential.count({ where: { membership: { userId: m.userId }, revokedAt: null } });
    expect(live).toBe(1);
  });

  it("a member refreshes their own key", async () => {
    const acct = await newAccount();
    const m = await newMember(acct, "GUEST");
    const { apiKey } = await refreshCredential(m.actor, m.userId);
    expect((await authenticate(apiKey)).role).toBe("GUEST");
  });

  it("parallel refreshes of one key leave exactly one working key", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => refreshCredential(acct.owner, m.userId)));
    const keys = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.apiKey] : []));
    const working = (await Promise.allSettled(keys.map(authenticate))).filter((r) => r.status === "fulfilled");
    expect(working).toHaveLength(1);
  });

  it.each(["SUSPENDED", "DISABLED", "INVITED", "REQUESTED", "DECLINED"] as const)(
    "a %s member's key fails",
    async (status) => {
      const acct = await newAccount();
      const m = await newMember(acct);
      await setStatus(acct, m.userId, status);
      await expectDomainError(authenticate(m.apiKey), "unauthenticated");
    },
  );

  it("suspension through the domain stops the key; unsuspension restores it", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    await toggleSuspension(acct.owner, m.userId);
    await expectDomainError(authenticate(m.apiKey), "unauthenticated");
    await toggleSuspension(acct.owner, m.userId);
    expect((await authenticate(m.apiKey)).userId).toBe(m.userId);
    await removeMember(acct.owner, m.userId);
    await expectDomainError(authenticate(m.apiKey), "unauthenticated");
  });

  it("a wrong secret with a real key id fails", async () => {
    const acct = await newAccount();
    const key = parseApiKey(acct.ownerKey);
    await expectDomainError(authenticateApiKey({ keyId: key!.keyId, secret: "A".repeat(43) }), "unauthenticated");
  });

  it("stores the secret hashed and encrypted, never in clear", async () => {
    const acct = await newAccount();
    const key = parseApiKey(acct.ownerKey)!;
    const db = await getDb();
    const row = await db.apiCredential.findUniqueOrThrow({ where: { keyId: key.keyId } });
    expect(JSON.stringify(row)).not.toContain(key.secret);
  });

  it("reads every header form of SPEC §4", async () => {
    const acct = await newAccount();
    const [keyId, secret] = acct.ownerKey.split(".");
    const forms: Record<string, string>[] = [
      { authorization: `Bearer ${acct.ownerKey}` },
      { "x-api-key": acct.ownerKey },
      { "x-api-key": keyId, "x-api-secret": secret },
      { admin_api_key: acct.ownerKey },
    ];
    for (const form of forms) {
      const key = apiKeyFromHeaders(new Headers(form));
      expect(key, JSON.stringify(form)).toEqual({ keyId, secret });
      expect((await authenticateApiKey(key as { keyId: string; secret: string })).userId).toBe(acct.owner.userId);
    }
    expect(apiKeyFromHeaders(new Headers({ authorization: "Bearer nonsense" }))).toBe("malformed");
    expect(apiKeyFromHeaders(new Headers())).toBeNull();
  });
});

describe("passwords", () => {
  it("are stored as argon2id and verified", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "wrong")).toBe(false);
  });

  it("sign-in says nothing about which part was wrong", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("signin");
    await addMember(acct.owner, { email, password: "a long password" });
    expect((await checkPassword(email.toUpperCase(), "a long password"))?.id).toBeDefined();
    expect(await checkPassword(email, "wrong password")).toBeNull();
    expect(await checkPassword(uniqueEmail("nobody"), "a long password")).toBeNull();
    expect(await checkPassword("not an email", "x")).toBeNull();
  });

  it("refuses short passwords with the field named", async () => {
    const acct = await newAccount();
    const e = await expectDomainError(
      addMember(acct.owner, { email: uniqueEmail(), password: "short" }),
      "invalid_input",
    );
    expect(e.details[0].field).toBe("password");
    expect(e).toBeInstanceOf(DomainError);
  });
});
