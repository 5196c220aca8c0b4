// Authentication forms, and the error shape for every kind of bad input.
import { describe, expect, it } from "vitest";
import { api, expectError, newAccount, newMember } from "./setup/client";

describe("authentication", () => {
  it("accepts every header form of SPEC §4", async () => {
    const acct = await newAccount();
    const [keyId, secret] = acct.apiKey.split(".");
    const forms: Record<string, string>[] = [
      { authorization: `Bearer ${acct.apiKey}` },
      { "x-api-key": acct.apiKey },
      { "x-api-key": keyId, "x-api-secret": secret },
      { admin_api_key: acct.apiKey },
    ];
    for (const headers of forms) {
      const r = await api("GET", "/api/v1/user", { headers });
      expect(r.status, JSON.stringify(headers)).toBe(200);
      expect(r.body.user_id).toBe(acct.userId);
    }
  });

  it("answers 401 with the error shape without valid credentials", async () => {
    const acct = await newAccount();
    const [keyId] = acct.apiKey.split(".");
    expectError(await api("GET", "/api/v1/account"), 401, "unauthenticated");
    expectError(await api("GET", "/api/v1/account", { key: "garbage" }), 401);
    expectError(
      await api("GET", "/api/v1/account", { headers: { "x-api-key": keyId, "x-api-secret": "A".repeat(43) } }),
      401,
    );
    expectError(await api("GET", "/api/v1/account", { key: `${keyId}.${"B".repeat(43)}` }), 401);
    // a malformed cookie is no session, not a crash
    expectError(
      await api("GET", "/api/v1/account", {
        headers: { cookie: "next-auth.session-token=%E0%A4%A; roster-account=%" },
      }),
      401,
    );
  });

  it("a suspended member's key pauses; a removed member's key ends for good", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const act = (verb: string) =>
      api("POST", `/api/v1/account/users/${verb}`, { key: acct.apiKey, body: { user_id: m.userId } });
    expect((await api("GET", "/api/v1/user", { key: m.apiKey })).status).toBe(200);
    expect(
      (await api("POST", "/api/v1/org/togglesuspension", { key: acct.apiKey, body: { email_id: m.userId } })).status,
    ).toBe(200);
    expectError(await api("GET", "/api/v1/user", { key: m.apiKey }), 401);
    await act("activate");
    expect((await api("GET", "/api/v1/user", { key: m.apiKey })).status).toBe(200);
    expect((await act("remove")).status).toBe(200);
    expectError(await api("GET", "/api/v1/user", { key: m.apiKey }), 401);
    await act("activate");
    expectError(await api("GET", "/api/v1/user", { key: m.apiKey }), 401);
    // The admin is shown the new key, as seed 000's account data shows keys.
    const account = await api("GET", "/api/v1/account", { key: acct.apiKey });
    const fresh = account.body.users.find((u: { user_id: number }) => u.user_id === m.userId).api_key;
    expect(fresh).not.toBe(m.apiKey);
    expect((await api("GET", "/api/v1/user", { key: fresh })).status).toBe(200);
  });
});

describe("bad input never yields a 500", () => {
  it("answers 400, 413 or 422 naming the problem", async () => {
    const acct = await newAccount();
    const post = (raw: string) => api("POST", "/api/v1/account/users/promote", { key: acct.apiKey, raw });
    expectError(await post("{"), 400, "bad_request");
    expectError(await post("[]"), 400);
    expectError(await post('"text"'), 400);
    expectError(await post("null"), 400);
    expectError(await post('{"user_id": 1e999}'), 422);
    expectError(await post('{"user_id": 99999999999999999999}'), 422);
    expectError(await post('{"user_id": -4}'), 422);
    expectError(await post('{"user_id": true}'), 422);
    expectError(await post('{"user_id": {"$gt": 0}}'), 422);
    expectError(await post('{"user_id": 1, "extra": 2}'), 422);
    const big = JSON.stringify({ first_name: "x".repeat(70 * 1024), email: "a@b.co" });
    expectError(await api("POST", "/api/v1/account/users", { key: acct.apiKey, raw: big }), 413, "payload_too_large");
    const unicode = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body: { firstName: "Zoë 🚀 名前", title: "\u0000" },
    });
    expect([201, 422]).toContain(unicode.status);
    const long = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body: { firstName: "x".repeat(5000) },
    });
    expectError(long, 422);
    expect(long.body.details[0].field).toBe("firstName");
  });
});
