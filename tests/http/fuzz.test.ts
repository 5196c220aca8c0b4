// Generated bodies, query strings, headers and ids against every operation —
// REST, GraphQL, SCIM, the public and auth routes — as every role: every
// answer is a 2xx or a 4xx with the error shape, never a 500; a 2xx matches the
// OpenAPI document (setup/contract.ts) and shows no planted secret its caller
// may not see (setup/oracle.ts); a refused request changes nothing in either
// account's rows (read from the database itself on PostgreSQL). FUZZ_RUNS_PER_OP
// runs per operation (3 in npm test, 50 in test:security); FUZZ_SEED replays.
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { api, newAccount, rawHttp, uniqueEmail } from "./setup/client";
import { DbSnapshot } from "./setup/db-snapshot";
import { Oracle, plant, type Viewer } from "./setup/oracle";
import { fromSchema, graphqlBodies, type Plausible, scimBodies } from "./setup/schema-arbitrary";
import { scimToken } from "./setup/scim";

const safeJson = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const RUNS_PER_OP = Number(process.env.FUZZ_RUNS_PER_OP ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
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

const ROLES = ["GUEST", "REGULAR", "DEVELOPER", "ADMIN", "SUPER"] as const;
/** Operations whose answer carries a key they just made. */
const MINTS = new Set(["POST /api/v1/account/users", "POST /api/v1/account/users/refresh-api-key"]);

describe("fuzzing every operation", () => {
  it(`never answers 500, always the error shape, no leak, refused requests change nothing (${RUNS_PER_OP} runs per operation)`, {
    timeout: 120_000 + RUNS_PER_OP * 70 * 400,
  }, async () => {
    console.log(`fuzz seed: ${SEED} (FUZZ_SEED=${SEED} replays this run)`);
    const own = await newAccount("Fuzz");
    const other = await newAccount("FuzzOther");
    const MARK = `fuzzmark${Math.random().toString(36).slice(2, 8)}`;
    const oracle = new Oracle();
    oracle.key(own.apiKey, { accountId: own.accountId, role: "SUPER", userId: own.userId });
    oracle.key(other.apiKey, { accountId: other.accountId, role: "SUPER", userId: other.userId });
    await plant(oracle, own, { ...other, marker: MARK });

    // Callers of every role (a few keys each, so the per-key limit rarely answers instead of the code),
    // and targets: real members of this account and of the other one.
    const callers: (Viewer & { name: string; key?: string })[] = [{ name: "no credentials" }];
    // The owner is never a target: the API fallback of the snapshot reads through its key.
    const ownIds: number[] = [];
    for (const role of ROLES)
      for (let i = 0; i < Math.max(2, Math.ceil(RUNS_PER_OP / 10)); i++) {
        const r = await api("POST", "/api/v1/account/users", {
          key: own.apiKey,
          headers: address(),
          body: { email: uniqueEmail(`fuzz-${role.toLowerCase()}`), role, first_name: "Fuzz" },
        });
        oracle.key(r.body.api_key, { accountId: own.accountId, role, userId: r.body.user_id });
        callers.push({ name: role, key: r.body.api_key, role, accountId: own.accountId, userId: r.body.user_id });
        ownIds.push(r.body.user_id);
      }
    const otherIds: number[] = [other.userId];
    for (let i = 0; i < 3; i++) {
      const r = await api("POST", "/api/v1/account/users", {
        key: other.apiKey,
        headers: address(),
        body: { email: uniqueEmail(MARK), first_name: MARK },
      });
      oracle.key(r.body.api_key, { accountId: other.accountId, role: "REGULAR", userId: r.body.user_id });
      otherIds.push(r.body.user_id);
    }
    const groupIds: number[] = [];
    for (const [key, name] of [
      [own.apiKey, "fuzz-group"],
      [other.apiKey, `${MARK}-group`],
    ])
      for (const kind of ["groups", "policies"])
        groupIds.push((await api("POST", `/api/v1/${kind}`, { key, headers: address(), body: { name } })).body.id);

    const doc = (await api("GET", "/api/v1/openapi.json")).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ms]) =>
      Object.keys(ms).map((m) => ({ method: m.toUpperCase(), path: p })),
    );
    // SCIM (with the account's token), the auth routes and paths nobody serves.
    const scim = await scimToken(own.accountId, own.email, "fuzz");
    for (const [method, p] of [
      ["GET", "/scim/v2/Users"],
      ["POST", "/scim/v2/Users"],
      ["GET", "/scim/v2/Users/{id}"],
      ["PUT", "/scim/v2/Users/{id}"],
      ["PATCH", "/scim/v2/Users/{id}"],
      ["DELETE", "/scim/v2/Users/{id}"],
      ["GET", "/scim/v2/Groups"],
      ["POST", "/scim/v2/Groups"],
      ["GET", "/scim/v2/Groups/{id}"],
      ["PUT", "/scim/v2/Groups/{id}"],
      ["PATCH", "/scim/v2/Groups/{id}"],
      ["DELETE", "/scim/v2/Groups/{id}"],
      ["GET", "/scim/v2/Schemas"],
      ["GET", "/scim/v2/Me"],
      ["GET", "/api/auth/signin"],
      ["POST", "/api/auth/callback/credentials"],
      ["GET", "/api/v1/nothing/{id}"],
    ] as const)
      ops.push({ method, path: p });

    // Readers for the API snapshot (never targets), enough that the per-key limit never answers a read.
    const readers: Record<number, string[]> = { [own.accountId]: [], [other.accountId]: [] };
    for (const acct of [own, other])
      for (let i = 0; i < 6; i++)
        readers[acct.accountId].push(
          (
            await api("POST", "/api/v1/account/users", {
              key: acct.apiKey,
              headers: address(),
              body: { email: uniqueEmail("reader"), role: "SUPER" },
            })
          ).body.api_key,
        );
    // Each account's readers in turn (one counter per account: a shared one used half of each's keys).
    const turns: Record<number, number> = { [own.accountId]: 0, [other.accountId]: 0 };
    const readAs = async (accountId: number, p: string) => {
      let r = await api("GET", p, { key: readers[accountId][turns[accountId]++ % 6], headers: address() });
      // The readers are the suite's, not the code under test: a limit reached is waited out, once.
      if (r.status === 429) {
        await new Promise((w) => setTimeout(w, 1000 * Number(r.headers.get("retry-after") ?? 60)));
        r = await api("GET", p, { key: readers[accountId][turns[accountId]++ % 6], headers: address() });
      }
      if (r.status !== 200) throw new Error(`the snapshot could not read ${p}: ${r.status} ${r.text.slice(0, 200)}`);
      // Keys shown to a SUPER are the readers' business, not state under test.
      return r.text.replace(/"api_key":"[^"]*"/g, "");
    };
    const databaseUrl = inject("databaseUrl");
    const db = databaseUrl ? await DbSnapshot.open(databaseUrl) : null;
    // On PGlite (whose folder the server holds) the state is read through the API instead.
    const snapshot = async () =>
      db
        ? db.of([own.accountId, other.accountId])
        : JSON.stringify(
            await Promise.all(
              [
                "/api/v1/account?users_limit=1000",
                "/api/v1/groups?limit=100",
                "/api/v1/policies?limit=100",
                "/api/v1/account/accounts?limit=100",
              ].flatMap((p) => [own.accountId, other.accountId].map((id) => readAs(id, p))),
            ),
          );

    const ids = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ownIds, ...otherIds, ...groupIds).map(String) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
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
      },
    );
    // Bodies shaped like each operation's (documented properties, real ids and emails) as well as hostile ones.
    const emails: string[] = [own.email, other.email];
    for (const id of [...ownIds.slice(0, 5), ...otherIds.slice(0, 2)]) {
      const u = await api("GET", `/api/v1/user?user_id=${id}`, {
        key: ownIds.includes(id) ? own.apiKey : other.apiKey,
        headers: address(),
      });
      if (u.body?.email) emails.push(u.body.email);
    }
    const uids = [(await api("GET", "/api/v1/user", { key: own.apiKey, headers: address() })).body.uid];
    const plausible: Plausible = { ids: [...ownIds, ...otherIds, ...groupIds], emails, hostile: nasty };
    const shapedBody = (op: { method: string; path: string }): fc.Arbitrary<string> => {
      if (op.path === "/api/graphql") return graphqlBodies(plausible, uids).map((v) => JSON.stringify(v));
      if (op.path.startsWith("/scim/")) return scimBodies(plausible).map((v) => JSON.stringify(v));
      const schema = doc.paths[op.path]?.[op.method.toLowerCase()]?.requestBody?.content?.["application/json"]?.schema;
      const query = doc.paths[op.path]?.[op.method.toLowerCase()]?.parameters?.some(
        (x: { in?: string }) => x.in === "query",
      );
      if (!schema && !query) return body;
      return fromSchema(schema ?? {}, doc.components.schemas, plausible).map((v) => JSON.stringify(v) ?? "null");
    };

    let cases = 0;
    const fiveHundreds: string[] = [];
    const badShape: string[] = [];
    const changed: string[] = [];
    const leaks: string[] = [];
    for (const documented of ops) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 3, arbitrary: shapedBody(documented) }, { weight: 2, arbitrary: body }),
          fc.oneof(
            { weight: 2, arbitrary: query },
            fc.record({ email_id: ids, user_id: ids, admin_user_id: ids }, { requiredKeys: [] }),
          ),
          fc.oneof({ weight: 3, arbitrary: fc.constant("application/json") }, contentType),
          ids,
          fc.constantFrom(...callers),
          fc.option(extraHeaders, { freq: 3 }),
          fc.option(fc.constantFrom("TRACE", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "GET", "POST"), { freq: 8 }),
          async (raw, q, type, id, caller, extra, otherMethod) => {
            cases++;
            const op = { ...documented, method: otherMethod ?? documented.method };
            const write = !["GET", "HEAD", "OPTIONS", "TRACE"].includes(op.method);
            const before = write ? await snapshot() : "";
            const path =
              op.path.replace("{id}", id) +
              (Object.keys(q).length ? `?${new URLSearchParams(q as Record<string, string>)}` : "");
            const isScim = op.path.startsWith("/scim/");
            const headers: Record<string, string> = { ...address() };
            const credential = isScim ? scim : caller.key;
            if (credential) headers.authorization = `Bearer ${credential}`;
            if (type) headers["content-type"] = type;
            Object.assign(headers, extra ?? {});
            const sent = write && op.method !== "DELETE" ? raw : undefined;
            // fetch refuses TRACE: node:http sends it as a client would.
            const r =
              op.method === "TRACE"
                ? await rawHttp("TRACE", path, headers).then((x) => ({ ...x, body: safeJson(x.text) }))
                : await api(op.method, path, { headers, raw: sent });
            // The whole request, replayable, with the caller's own credential named rather than printed.
            const shown = JSON.stringify(headers).replaceAll(credential ?? "\u0000", "<the caller's credential>");
            const request = `${op.method} ${path} as ${isScim ? "the SCIM token" : caller.name} headers=${shown} body=${JSON.stringify(sent ?? null).slice(0, 2000)}`;
            const label = `${request} → ${r.status} ${r.text.slice(0, 160)}`;
            // 501 is RFC 7644's answer for /Me and /Bulk, which this service provider does not offer.
            const notOffered = r.status === 501 && /^\/scim\/v2\/(Me|Bulk)\b/.test(op.path);
            if (r.status >= 500 && !notOffered) fiveHundreds.push(label);
            const shaped = isScim
              ? Array.isArray(r.body?.schemas) && typeof r.body?.status === "string"
              : op.path.startsWith("/api/graphql")
                ? Array.isArray(r.body?.errors) || r.status === 405
                : typeof r.body?.error === "string" &&
                  typeof r.body?.code === "string" &&
                  Array.isArray(r.body?.details);
            const answersShape = op.method !== "HEAD" && !op.path.startsWith("/api/auth/");
            if (r.status >= 400 && answersShape && !shaped) badShape.push(label);
            if (r.status < 300) {
              const viewer = isScim ? {} : caller;
              const known = `${path} ${typeof sent === "string" ? sent : JSON.stringify(sent ?? "")}`;
              if (write) oracle.adopt(known);
              for (const secret of oracle.leaks(r.text, viewer, MINTS.has(`${op.method} ${op.path}`), r.body, known))
                leaks.push(`${label}: ${secret}`);
              if (MINTS.has(`${op.method} ${op.path}`) && r.body?.api_key)
                oracle.key(r.body.api_key, {
                  accountId: own.accountId,
                  role: r.body.role ?? "REGULAR",
                  userId: r.body.user_id,
                });
            }
            const refusedMutation =
              op.path === "/api/graphql" && JSON.stringify(r.body?.data ?? {}).includes('"ok":false');
            if (write && (r.status >= 400 || refusedMutation)) {
              const after = await snapshot();
              if (after !== before) {
                const i = [...before].findIndex((c, j) => c !== after[j]);
                changed.push(
                  `${label} | before …${before.slice(Math.max(0, i - 160), i + 80)} | after …${after.slice(Math.max(0, i - 160), i + 80)}`,
                );
              }
            }
          },
        ),
        { numRuns: RUNS_PER_OP, seed: SEED, endOnFailure: true },
      );
    }
    await db?.close();
    console.log(
      `fuzz: ${cases} cases over ${ops.length} operations as every role (seed ${SEED}), ${fiveHundreds.length} answers of 500, ${badShape.length} bad error shapes, ${leaks.length} leaks, ${changed.length} refused requests that changed data${db ? " (read from the database)" : ""}`,
    );
    for (const line of [...fiveHundreds, ...badShape, ...leaks, ...changed]) console.log(`fuzz failure: ${line}`);
    expect({ fiveHundreds, badShape, leaks, changed }).toEqual({
      fiveHundreds: [],
      badShape: [],
      leaks: [],
      changed: [],
    });
  });
});
