// Each class of input that once answered 500 (or slipped past a guard), sent on
// purpose: methods, unknown paths, ids past the integer ranges, forged
// cursors, lone surrogates, deep nesting, broken URLs, foreign origins.
import { describe, expect, it } from "vitest";
import { api, baseUrl, clientAddress, expectError, newAccount, rawHttp, uniqueAddress } from "./setup/client";
import { scimToken } from "./setup/scim";
import { action, signIn } from "./setup/session";

const raw = (method: string, path: string, init: RequestInit = {}) =>
  fetch(`${baseUrl()}${path}`, {
    method,
    redirect: "manual",
    ...init,
    headers: { "x-forwarded-for": clientAddress, ...(init.headers as Record<string, string>) },
  });

describe("methods and paths", () => {
  it("a method no route serves is a JSON 405 with Allow, TRACE included", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/api/v1/account", "GET, HEAD, OPTIONS"],
      ["DELETE", "/api/v1/account/users", "POST, OPTIONS"],
      ["TRACE", "/api/v1/account", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
      ["TRACE", "/members", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
    ] as const) {
      const r = await rawHttp(method, path);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.allow, `${method} ${path}`).toBe(allow);
      expect(JSON.parse(r.text)).toMatchObject({ code: "method_not_allowed", details: [] });
    }
    const scim = await raw("PATCH", "/scim/v2/Users");
    expect(scim.status).toBe(405);
    expect(scim.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(await scim.json()).toMatchObject({ status: "405" });
  });

  it("an unknown API path is a JSON 404; an unknown SCIM path is a SCIM error (/Me and /Bulk: 501)", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const r = await api(method, "/api/v1/no-such-thing");
      expectError(r, 404, "not_found");
    }
    const scim = await raw("GET", "/scim/v2/NoSuch");
    expect(scim.status).toBe(404);
    expect(scim.headers.get("content-type")).toContain("application/scim+json");
    expect((await scim.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    for (const path of ["/scim/v2/Me", "/scim/v2/Bulk"]) {
      const r = await raw("GET", path);
      expect(r.status).toBe(501);
      expect((await r.json()).status).toBe("501");
    }
  });
});

describe("numbers past the integer ranges", () => {
  it("REST, SCIM and seed 001 answer 4xx for ids near and past 2^31, 2^53, 2^63", async () => {
    const acct = await newAccount();
    const ids = ["2147483647", "2147483648", "9007199254740993", "9223372036854775808", "1e400", "-0"];
    for (const id of ids) {
      const rec = await api("GET", `/api/v1/account/accounts/${id}`, { key: acct.apiKey });
      expect(rec.status, `records ${id}`).toBeGreaterThanOrEqual(400);
      expect(rec.status, `records ${id}`).toBeLessThan(500);
      const org = await api("GET", `/api/v1/org/user?email_id=${id}`, { key: acct.apiKey });
      expect(org.status, `org ${id}`).toBeLessThan(500);
      expect(org.status, `org ${id}`).toBeGreaterThanOrEqual(400);
    }
    const token = await scimToken(acct.accountId, acct.email, "bounds");
    const scim = (path: string) => raw("GET", path, { headers: { authorization: `Bearer ${token}` } });
    for (const id of ids) {
      expect((await scim(`/scim/v2/Users/${id}`)).status, `Users/${id}`).toBe(404);
      expect((await scim(`/scim/v2/Groups/${id}`)).status, `Groups/${id}`).toBe(404);
      const f = await scim(`/scim/v2/Users?filter=${encodeURIComponent(`id eq "${id}"`)}`);
      expect(f.status, `filter id ${id}`).toBe(200);
    }
    for (const q of ["startIndex=1e30", "startIndex=9223372036854775808", "count=18446744073709551616", "count=1.5"]) {
      const r = await scim(`/scim/v2/Users?${q}`);
      expect(r.status, q).toBe(400);
      expect((await r.json()).scimType).toBe("invalidValue");
    }
    expect((await scim("/scim/v2/Users?startIndex=2147483647")).status).toBe(200);
  });
});

describe("values PostgreSQL cannot store, and bodies too deep", () => {
  it("a lone UTF-16 surrogate anywhere is a 422 naming the field", async () => {
    const acct = await newAccount();
    for (const [body, field] of [
      ['{"firstName":"\\ud800"}', "firstName"],
      ['{"email":"x@example.test","badge":"\\udc00x"}', "badge"],
      ['{"email":"y@example.test","note":{"deep":["ok","\\udbff"]}}', "note.deep.1"],
    ] as const) {
      const r = await api("POST", "/api/v1/account/accounts", {
        key: acct.apiKey,
        raw: body,
        headers: { "content-type": "application/json" },
      });
      expectError(r, 422, "invalid_input");
      expect(r.body.details[0].field).toBe(field);
    }
    const pair = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      raw: '{"firstName":"\\ud83d\\ude00"}',
      headers: { "content-type": "application/json" },
    });
    expect(pair.status).toBe(201);
  });

  it("JSON nested thousands of levels deep is a 400 before it is parsed", async () => {
    const acct = await newAccount();
    for (const body of [
      `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`,
      `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`,
    ]) {
      const r = await api("POST", "/api/v1/account/accounts", { key: acct.apiKey, raw: body });
      expectError(r, 400, "bad_request");
    }
  });
});

describe("auth routes, redirects and server actions", () => {
  it("a callbackUrl that is not a URL is never a 500, and a foreign one never leaves the site", async () => {
    for (const cb of ["http://[::1", "%", "javascript:alert(1)", "/\\evil.example", "/\t/evil.example"]) {
      const r = await raw("GET", `/api/auth/signin?callbackUrl=${encodeURIComponent(cb)}`);
      expect(r.status, cb).toBeLessThan(500);
      const location = r.headers.get("location");
      if (location) expect(new URL(location, baseUrl()).origin, cb).toBe(new URL(baseUrl()).origin);
    }
  });

  it("after sign-in, /sign-in?callbackUrl=… sends the browser only to this site", async () => {
    const acct = await newAccount();
    const email = `redirect-${Date.now()}@example.test`;
    await api("POST", "/api/v1/account/accounts", { key: acct.apiKey, body: { email, password: "redirect-pw-1" } });
    const cookie = await signIn(email, "redirect-pw-1");
    for (const cb of ["/%5Cevil.example", "%2F%09%2Fevil.example", "https://evil.example/", "/members?x=1"]) {
      const r = await raw("GET", `/sign-in?callbackUrl=${cb}`, { headers: { cookie } });
      const location = r.headers.get("location") ?? "";
      expect(location, cb).not.toBe("");
      expect(new URL(location, baseUrl()).origin, cb).toBe(new URL(baseUrl()).origin);
    }
  });

  it("a server action posted from a foreign origin is a 403, not a 500", async () => {
    const a = action("forgotPasswordAction");
    const r = await raw("POST", a.page, {
      headers: {
        "next-action": a.id,
        origin: "https://evil.example",
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
      },
      body: JSON.stringify([{ email: "a@example.test" }]),
    });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toBe("Console actions may only be sent from this site");
  });
});

describe("GraphQL requests that are not GraphQL", () => {
  it("answers malformed bodies with 400 and limits root fields per operation (aliases counted)", async () => {
    const acct = await newAccount();
    const gql = (body: BodyInit) =>
      raw("POST", "/api/graphql", {
        headers: { authorization: `Bearer ${acct.apiKey}`, "content-type": "application/json" },
        body,
      });
    const empty = await gql("");
    expect(empty.status).toBe(400);
    const notUtf8 = await gql(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(notUtf8.status).toBe(400);
    expect((await notUtf8.json()).errors[0].extensions.code).toBe("BAD_REQUEST");
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: listUsers { ok }`).join(" ");
    const many = await gql(JSON.stringify({ query: `{ ${aliases} }` }));
    const body = await many.json();
    expect(body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ROOT_FIELDS");
    expect(body.data ?? null).toBeNull();
  });
});

describe("rate-limit header fields", () => {
  it("every API answer says where the caller stands; a forged left-most X-Forwarded-For changes nothing", async () => {
    const acct = await newAccount();
    for (const r of [
      await api("GET", "/api/v1/account", { key: acct.apiKey }),
      await api("GET", "/api/health"),
      await api("POST", "/api/graphql", { key: acct.apiKey, body: { query: "{ listUsers { ok } }" } }),
      await api("GET", "/api/v1/account/accounts/999999", { key: acct.apiKey }),
    ]) {
      expect(Number(r.headers.get("ratelimit-limit"))).toBeGreaterThan(0);
      expect(r.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
      expect(r.headers.get("ratelimit-reset")).toMatch(/^\d+$/);
    }
    // The test server trusts one proxy hop: the client is the right-most X-Forwarded-For entry.
    const me = uniqueAddress();
    const remaining = async (xff: string, extra: Record<string, string> = {}) =>
      Number(
        (await api("GET", "/api/health", { headers: { "x-forwarded-for": xff, ...extra } })).headers.get(
          "ratelimit-remaining",
        ),
      );
    const first = await remaining(`6.6.6.1, ${me}`);
    const second = await remaining(`6.6.6.2, ${me}`, { "x-roster-peer": "6.6.6.3" });
    expect(second).toBe(first - 1);
  });
});
