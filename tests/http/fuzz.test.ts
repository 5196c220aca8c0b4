// Generated bodies, query strings and headers against every documented
// operation: every answer is a 2xx or a 4xx with the error shape, never a 500,
// and a refused write changes nothing. FUZZ_RUNS scales it (CI samples).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { api, newAccount, rawHttp, uniqueEmail } from "./setup/client";
import { scimToken } from "./setup/scim";

const safeJson = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
let n = 0;
const address = () => ({ "x-forwarded-for": `198.19.${Math.floor(++n / 250) % 250}.${(n % 250) + 1}` });

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "../../etc/passwd",
    "' OR 1=1 --",
    "\u0000",
    "\uFFFF",
    // Lone UTF-16 surrogates (JSON.stringify writes them as \ud800 escapes).
    "\ud800",
    "x\udfff",
    "\ud83d",
    "😀".repeat(50),
    "x".repeat(5000),
    "-1",
    "1e400",
    "NaN",
    "[]",
    "{}",
    "null",
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 2 ** 63, 1e308, -0),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nasty,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          "__proto__",
          "constructor",
          "user_id",
          "email_id",
          "email",
          "rank",
          "smartcards",
          "query",
          "name",
          "members",
          "role",
        ),
      ),
      tie("v"),
      { maxKeys: 5 },
    ),
  ),
})).v;
const deep = fc.oneof(
  fc.integer({ min: 50, max: 3000 }).map((d) => `${"[".repeat(d)}${"]".repeat(d)}`),
  fc.integer({ min: 50, max: 3000 }).map((d) => `${'{"a":'.repeat(d)}1${"}".repeat(d)}`),
);
const body = fc.oneof(
  { weight: 5, arbitrary: value.map((v) => JSON.stringify(v) ?? "null") },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{"a":1,"a":2}', '{"user_id":1,"user_id":"x"}', "{", '{"email_id":"1 OR 1=1"}'),
  },
);
/** Cursors as a client might edit them: huge numbers, wrong types, another sort's values, a copied signature. */
const forgedCursor = fc
  .tuple(
    fc.constantFrom("-lastName,-id", "id", "lastName,id", "createdAt,id"),
    fc.array(
      fc.oneof(fc.constantFrom(2 ** 53 + 2, 1e308, -1, "zz", "1e400", null, true), fc.string({ maxLength: 8 })),
      {
        maxLength: 3,
      },
    ),
    fc.oneof(fc.integer(), fc.constant(2 ** 63)),
    fc.constantFrom("", ".AAAA", ".hySLoHdqeUoSxOwa1k_7rNdDDYMIuVgAidqTXDKShuI"),
  )
  .map(([o, v, p, mac]) => Buffer.from(JSON.stringify({ o, v, p })).toString("base64url") + mac);
const query = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom(
      "page",
      "limit",
      "sort",
      "email_id",
      "user_id",
      "q",
      "status",
      "role",
      "group",
      "email",
      "user_tag",
      "cursor",
      "callbackUrl",
      "startIndex",
      "count",
      "filter",
    ),
  ),
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      "-1",
      "0",
      "99999999999999999999",
      "%00",
      "lastName,-email",
      "__proto__",
      "2147483648",
      "9223372036854775808",
      "1e400",
      "http://[::1",
      "/\\evil.example",
    ),
    forgedCursor,
  ),
  { maxKeys: 4 },
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }).filter((v) => /^[\x20-\x7e]*$/.test(v)),
  fc.constantFrom(
    "Bearer ",
    "Bearer rk_",
    "Bearer rk_0123456789abcdef01234567.x",
    "*",
    'W/"1.1"',
    '"999999999999.1"',
    "-1",
    "a".repeat(4000),
  ),
);
const extraHeaders = fc.dictionary(
  fc.constantFrom(
    "authorization",
    "x-api-key",
    "x-api-secret",
    "admin_api_key",
    "if-match",
    "idempotency-key",
    "accept",
    "cookie",
    "origin",
    "sec-fetch-site",
  ),
  headerValue,
  { maxKeys: 3 },
);
const contentType = fc.constantFrom(
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "text/plain",
  "application/xml",
  "",
);

describe("fuzzing every operation", () => {
  it(`never answers 500, always the error shape, and refused writes change nothing (${RUNS} runs)`, {
    timeout: 60_000 + RUNS * 250,
  }, async () => {
    const acct = await newAccount("Fuzz");
    const keys = [acct.apiKey];
    // Enough keys that the per-key limit (300/min here) rarely answers instead of the code under test.
    for (let i = 0; i < Math.max(5, Math.ceil(RUNS / 80)); i++) {
      const r = await api("POST", "/api/v1/account/users", {
        key: acct.apiKey,
        headers: address(),
        body: { email: uniqueEmail("fuzz"), role: "SUPER" },
      });
      keys.push(r.body.api_key);
    }
    let k = 0;
    const key = () => keys[k++ % keys.length];
    const doc = (await api("GET", "/api/v1/openapi.json")).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ms]) =>
      Object.keys(ms).map((m) => ({ method: m.toUpperCase(), path: p })),
    );
    ops.push({ method: "POST", path: "/api/graphql" });
    // SCIM (with the account's token), the auth routes and paths nobody serves.
    const scim = await scimToken(acct.accountId, acct.email, "fuzz");
    for (const [method, p] of [
      ["GET", "/scim/v2/Users"],
      ["POST", "/scim/v2/Users"],
      ["GET", "/scim/v2/Users/{id}"],
      ["PUT", "/scim/v2/Users/{id}"],
      ["PATCH", "/scim/v2/Users/{id}"],
      ["DELETE", "/scim/v2/Users/{id}"],
      ["GET", "/scim/v2/Groups"],
      ["POST", "/scim/v2/Groups"],
      ["PATCH", "/scim/v2/Groups/{id}"],
      ["GET", "/scim/v2/Schemas"],
      ["GET", "/scim/v2/Me"],
      ["GET", "/api/auth/signin"],
      ["POST", "/api/auth/callback/credentials"],
      ["GET", "/api/v1/nothing/{id}"],
    ] as const)
      ops.push({ method, path: p });
    // Observers read the state; a fuzzed request may legitimately disable one (a 2xx), so the
    // pool refills itself from any observer that still works.
    const observers: string[] = [];
    for (let i = 0; i < 4; i++)
      observers.push(
        (
          await api("POST", "/api/v1/account/users", {
            key: acct.apiKey,
            headers: address(),
            body: { email: uniqueEmail("observer"), role: "SUPER" },
          })
        ).body.api_key,
      );
    const read = async (path: string) => {
      for (let attempt = 0; attempt < observers.length; attempt++) {
        const r = await api("GET", path, { key: observers[0], headers: address() });
        if (r.status === 200) {
          if (observers.length < 4) {
            const more = await api("POST", "/api/v1/account/users", {
              key: observers[0],
              headers: address(),
              body: { email: uniqueEmail("observer"), role: "SUPER" },
            });
            if (more.status === 201) observers.push(more.body.api_key);
          }
          return r.body;
        }
        observers.shift();
      }
      throw new Error("every observer was disabled");
    };
    const refill = async () => {
      while (observers.length > 0 && observers.length < 4) {
        const more = await api("POST", "/api/v1/account/users", {
          key: observers[0],
          headers: address(),
          body: { email: uniqueEmail("observer"), role: "SUPER" },
        });
        if (more.status === 201) observers.push(more.body.api_key);
        else observers.shift();
      }
    };
    const snapshot = async () => {
      const [account, groups, policies] = [
        await read("/api/v1/account"),
        await read("/api/v1/groups?limit=100"),
        await read("/api/v1/policies?limit=100"),
      ];
      // Observers come and go around the cases; everyone else must stay as they were.
      const users = (account.users as Record<string, unknown>[])
        .filter((u) => !String(u.email).startsWith("observer-"))
        .map(({ api_key: _k, ...u }) => u);
      // users_total counts the observers too.
      const { users_total: _total, ...rest } = account;
      return JSON.stringify({ a: { ...rest, users }, g: groups.data, p: policies.data });
    };

    let cases = 0;
    const fiveHundreds: string[] = [];
    const badShape: string[] = [];
    const changed: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        body,
        query,
        contentType,
        fc.constantFrom(
          "9",
          "-3",
          "abc",
          "99999999999",
          "0",
          "1.5",
          "2147483647",
          "2147483648",
          "9007199254740993",
          "9223372036854775808",
          "1e400",
        ),
        fc.option(extraHeaders, { freq: 3 }),
        fc.option(fc.constantFrom("TRACE", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "GET", "POST"), { freq: 8 }),
        async (documented, raw, q, type, id, extra, otherMethod) => {
          cases++;
          const op = { ...documented, method: otherMethod ?? documented.method };
          const write = !["GET", "HEAD", "OPTIONS", "TRACE"].includes(op.method);
          if (write) await refill();
          const before = write ? await snapshot() : "";
          const path =
            op.path.replace("{id}", id) +
            (Object.keys(q).length ? `?${new URLSearchParams(q as Record<string, string>)}` : "");
          const isScim = op.path.startsWith("/scim/");
          const headers: Record<string, string> = {
            ...address(),
            authorization: `Bearer ${isScim ? scim : key()}`,
          };
          if (type) headers["content-type"] = type;
          Object.assign(headers, extra ?? {});
          const sent = write && op.method !== "DELETE" ? raw : undefined;
          // fetch refuses TRACE: node:http sends it as a client would.
          const r =
            op.method === "TRACE"
              ? await rawHttp("TRACE", path, headers).then((x) => ({ ...x, body: safeJson(x.text) }))
              : await api(op.method, path, { headers, raw: sent });
          const label = `${op.method} ${path} [${type}] ${raw.slice(0, 80)} → ${r.status} ${r.text.slice(0, 120)}`;
          // 501 is RFC 7644's answer for /Me and /Bulk, which this service provider does not offer.
          const notOffered = r.status === 501 && /^\/scim\/v2\/(Me|Bulk)\b/.test(op.path);
          if (r.status >= 500 && !notOffered) fiveHundreds.push(label);
          const shaped = isScim
            ? Array.isArray(r.body?.schemas) && typeof r.body?.status === "string"
            : op.path === "/api/graphql"
              ? Array.isArray(r.body?.errors) || r.status === 405
              : typeof r.body?.error === "string" && typeof r.body?.code === "string" && Array.isArray(r.body?.details);
          const answersShape = op.method !== "HEAD" && !op.path.startsWith("/api/auth/");
          if (r.status >= 400 && answersShape && !shaped) badShape.push(label);
          if (write && r.status >= 400) {
            const after = await snapshot();
            if (after !== before) {
              const i = [...before].findIndex((c, j) => c !== after[j]);
              changed.push(
                `${label} | before …${before.slice(Math.max(0, i - 120), i + 80)} | after …${after.slice(Math.max(0, i - 120), i + 80)}`,
              );
            }
          }
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000), endOnFailure: true },
    );
    console.log(
      `fuzz: ${cases} cases, ${fiveHundreds.length} answers of 500, ${badShape.length} bad error shapes, ${changed.length} refused writes that changed data`,
    );
    for (const line of [...fiveHundreds, ...badShape, ...changed]) console.log(`fuzz failure: ${line}`);
    expect({ fiveHundreds, badShape, changed }).toEqual({ fiveHundreds: [], badShape: [], changed: [] });
  });
});
