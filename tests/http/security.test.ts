// Rate limits, sign-in guessing, idempotency, security headers.
import { describe, expect, it } from "vitest";
import { api, baseUrl, clientAddress, expectError, newAccount, uniqueAddress, uniqueEmail } from "./setup/client";
import { scimToken } from "./setup/scim";

/** Fixed windows start on the minute: keep a burst inside one. */
async function awayFromMinuteEdge() {
  const s = new Date().getSeconds();
  if (s > 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}

describe("rate limits", () => {
  it("per API key: 429 with Retry-After past the limit (300/min in this suite)", async () => {
    const acct = await newAccount();
    const keyAddress = uniqueAddress();
    await awayFromMinuteEdge();
    const results = await Promise.all(
      Array.from({ length: 330 }, () =>
        api("GET", "/api/v1/user", { key: acct.apiKey, headers: { "x-forwarded-for": keyAddress } }),
      ),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(300);
    expect(limited.length).toBeGreaterThanOrEqual(29);
    expectError(limited[0], 429, "rate_limited");
    expect(Number(limited[0].headers.get("retry-after"))).toBeGreaterThan(0);
    // another key of the same account is not affected
    const other = await api("POST", "/api/v1/account/users", {
      key: acct.apiKey,
      body: { email: uniqueEmail() },
      headers: { "x-forwarded-for": uniqueAddress() },
    });
    expect([201, 429]).toContain(other.status);
  });

  it("per client address, before authentication (600/min in this suite)", async () => {
    const address = uniqueAddress();
    await awayFromMinuteEdge();
    const results = await Promise.all(
      Array.from({ length: 620 }, () => api("GET", "/api/v1/account", { headers: { "x-forwarded-for": address } })),
    );
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(600);
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(limited[0].headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

async function signInAttempt(email: string, password: string, address: string) {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { "x-forwarded-for": address } });
  const { csrfToken } = await csrf.json();
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie,
      "x-forwarded-for": address,
      "x-auth-return-redirect": "1",
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const location = res.headers.get("location") ?? (await res.json().catch(() => ({}))).url ?? "";
  const ok = res.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token="));
  return { ok, error: new URL(location, baseUrl()).searchParams.get("error") };
}

describe("rate limits on GraphQL", () => {
  it("answers 429 with a GraphQL error and Retry-After", async () => {
    const acct = await newAccount();
    const graphqlAddress = uniqueAddress();
    await awayFromMinuteEdge();
    const results = await Promise.all(
      Array.from({ length: 330 }, () =>
        api("POST", "/api/graphql", {
          key: acct.apiKey,
          headers: { "x-forwarded-for": graphqlAddress },
          body: { query: "{ listUsers(perPage: 1) { ok } }" },
        }),
      ),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(29);
    expect(limited[0].body.errors[0].extensions.code).toBe("RATE_LIMITED");
    expect(limited[0].headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("sign-in guessing", () => {
  it("locks an email after 10 failures from one address, whether or not it exists; never for its owner elsewhere", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("victim");
    const add = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body: { email, password: "the-right-password" },
    });
    expect(add.status).toBe(201);
    const [owner, stranger, ownerElsewhere, guesser] = [
      uniqueAddress(),
      uniqueAddress(),
      uniqueAddress(),
      uniqueAddress(),
    ];
    expect((await signInAttempt(email, "the-right-password", owner)).ok).toBe(true);
    for (let i = 0; i < 10; i++)
      expect((await signInAttempt(email, `wrong-${i}`, stranger)).error).toBe("CredentialsSignin");
    const locked = await signInAttempt(email, "the-right-password", stranger);
    expect(locked.ok).toBe(false);
    expect(locked.error).toBe("TooManyAttempts");
    // The stranger's failures do not reach the owner's own address.
    expect((await signInAttempt(email, "the-right-password", ownerElsewhere)).ok).toBe(true);

    const ghost = uniqueEmail("nobody");
    for (let i = 0; i < 10; i++)
      expect((await signInAttempt(ghost, `wrong-${i}`, guesser)).error).toBe("CredentialsSignin");
    expect((await signInAttempt(ghost, "whatever", guesser)).error).toBe("TooManyAttempts");
  });
});

describe("Idempotency-Key", () => {
  it("replays the first answer, creates nothing new, and refuses the same key with another body", async () => {
    const acct = await newAccount();
    const key = `retry-${Math.random()}`;
    const body = { email: uniqueEmail("idem"), firstName: "Ida" };
    const first = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body,
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    const again = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body,
      headers: { "idempotency-key": key },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    const list = await api("GET", `/api/v1/account/accounts?email=${encodeURIComponent(body.email)}`, {
      key: acct.apiKey,
    });
    expect(list.body.totalItems).toBe(1);
    expectError(
      await api("POST", "/api/v1/account/accounts", {
        key: acct.apiKey,
        body: { ...body, firstName: "Other" },
        headers: { "idempotency-key": key },
      }),
      422,
      "idempotency_key_reused",
    );

    // parallel retries of one refresh: one new key, the same answer for all
    const m = await api("POST", "/api/v1/account/users", { key: acct.apiKey, body: { email: uniqueEmail() } });
    const rk = `refresh-${Math.random()}`;
    const refreshes = await Promise.all(
      Array.from({ length: 5 }, () =>
        api("POST", "/api/v1/account/users/refresh-api-key", {
          key: acct.apiKey,
          body: { user_id: m.body.user_id },
          headers: { "idempotency-key": rk },
        }),
      ),
    );
    const keys = new Set(refreshes.filter((r) => r.status === 200).map((r) => r.body.api_key));
    expect(keys.size).toBe(1);
    for (const r of refreshes) expect([200, 409]).toContain(r.status);
    expectError(
      await api("POST", "/api/v1/account/users", {
        key: acct.apiKey,
        body: {},
        headers: { "idempotency-key": "has space" },
      }),
      422,
    );
  });
});

describe("security headers", () => {
  it("every page and API answer carries CSP, frame-ancestors, referrer policy, nosniff and HSTS", async () => {
    for (const path of ["/sign-in", "/api/v1/openapi.json", "/members"]) {
      const res = await fetch(`${baseUrl()}${path}`, {
        redirect: "manual",
        headers: { "x-forwarded-for": clientAddress },
      });
      const h = res.headers;
      expect(h.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(h.get("content-security-policy"), path).toContain("default-src 'self'");
      expect(h.get("x-content-type-options"), path).toBe("nosniff");
      expect(h.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(h.get("x-frame-options"), path).toBe("DENY");
      expect(h.get("strict-transport-security"), path).toContain("max-age=");
      expect(h.get("x-powered-by"), path).toBeNull();
    }
  });
});

describe("SCIM's own limit (issue 27)", () => {
  it("a valid SCIM token's requests count against the SCIM limit only; bad tokens against the address", {
    timeout: 120_000,
  }, async () => {
    const acct = await newAccount();
    const token = await scimToken(acct.accountId, acct.email, "limit");
    const scimGet = (address: string, bearer: string) =>
      fetch(`${baseUrl()}/scim/v2/Users?count=1`, {
        headers: { authorization: `Bearer ${bearer}`, "x-forwarded-for": address },
      }).then((r) => r.status);
    const [provider, guesser] = [uniqueAddress(), uniqueAddress()];
    await awayFromMinuteEdge();
    // Past the per-address limit of this suite (600/min), well under SCIM's (2,400).
    const statuses: number[] = [];
    for (let batch = 0; batch < 7; batch++)
      statuses.push(...(await Promise.all(Array.from({ length: 100 }, () => scimGet(provider, token)))));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Guessing tokens from one address: the address limit, then refused before any token is looked at.
    const guesses: number[] = [];
    for (let batch = 0; batch < 7; batch++)
      guesses.push(...(await Promise.all(Array.from({ length: 100 }, () => scimGet(guesser, "rscim_nope")))));
    expect(guesses.filter((s) => s === 401).length).toBeLessThanOrEqual(600);
    expect(guesses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(90);
  });
});
