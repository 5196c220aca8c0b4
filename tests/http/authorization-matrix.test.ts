// Every (route, method) × every kind of caller × own and another account's
// target, checked against SPEC §2. Operations come from the route files (and
// GraphQL's), so a new route without an entry below fails this suite. Every
// successful answer is scanned for the planted secrets its caller may not see
// (setup/oracle.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSamlIdp, type SamlTestIdp } from "../setup/saml-idp";
import { api, newAccount, uniqueEmail } from "./setup/client";
import { Oracle, plant, type Viewer } from "./setup/oracle";

let idp: Promise<SamlTestIdp> | null = null;
/** The SAML connections' IdP (its metadata), made once. */
const samlIdp = () => {
  idp ??= createSamlIdp();
  return idp;
};

/** "session": the person's own login, for a console session only: every API key is refused (401). */
type Need = "public" | "self" | "members.list" | "members.manage" | "super" | "session";
interface Op {
  need: Need;
  /** Request body (or query string for GET/DELETE); $T is the target's user id, $E its email. */
  body?: Record<string, unknown>;
  query?: string;
  /** The operation names a target member (so another account's is "not found"). */
  targeted?: boolean;
  /** A public operation's answer to every caller for this body (a link token nobody was mailed: 410). */
  publicStatus?: number;
  /** The answer to a caller allowed on their own account's target when there is nothing there to find (404). */
  ownStatus?: number;
}

const T = "$T";
const OPS: Record<string, Op> = {
  "GET /api/v1/account": { need: "members.list" },
  "GET /api/v1/user": { need: "self" },
  "PATCH /api/v1/user": { need: "members.manage", body: { user_id: T, middle_name: "M" }, targeted: true },
  "POST /api/v1/account/users": { need: "members.manage", body: { email: "$NEW" } },
  "POST /api/v1/account/users/invite": { need: "members.manage", body: { email: "$NEW" } },
  "POST /api/v1/account/users/activate": { need: "members.manage", body: { user_id: T }, targeted: true },
  "POST /api/v1/account/users/remove": { need: "members.manage", body: { user_id: T }, targeted: true },
  "POST /api/v1/account/users/approve": { need: "members.manage", body: { user_id: T }, targeted: true },
  "POST /api/v1/account/users/deny": { need: "members.manage", body: { user_id: T }, targeted: true },
  "POST /api/v1/account/users/promote": { need: "members.manage", body: { user_id: T }, targeted: true },
  "POST /api/v1/account/users/demote": { need: "members.manage", body: { user_id: T }, targeted: true },
  "POST /api/v1/account/users/refresh-api-key": { need: "members.manage", body: { user_id: T }, targeted: true },
  "GET /api/v1/account/accounts": { need: "members.list" },
  "POST /api/v1/account/accounts": { need: "members.manage", body: { email: "$NEW" } },
  "GET /api/v1/account/accounts/{id}": { need: "members.list", targeted: true },
  "PUT /api/v1/account/accounts/{id}": {
    need: "members.manage",
    body: { email: "$E", firstName: "P" },
    targeted: true,
  },
  "PATCH /api/v1/account/accounts/{id}": { need: "members.manage", body: { title: "T" }, targeted: true },
  "DELETE /api/v1/account/accounts/{id}": { need: "members.manage", targeted: true },
  "GET /api/v1/members": { need: "members.list" },
  "GET /api/v1/members/export": { need: "members.list" },
  "GET /api/v1/audit/export": { need: "members.manage" },
  "POST /api/v1/org/modifyallusernames": {
    need: "members.manage",
    body: { email_id: T, computer_usernames: [] },
    targeted: true,
  },
  "POST /api/v1/org/modifyrank": {
    need: "members.manage",
    body: { admin_user_id: T, rank: "DEVELOPER" },
    targeted: true,
  },
  "GET /api/v1/org/modifysmartcard": { need: "members.manage", query: "email_id=$T", targeted: true },
  "POST /api/v1/org/modifysmartcard": { need: "members.manage", body: { email_id: T, smartcards: [] }, targeted: true },
  "GET /api/v1/org/multipleusers": { need: "members.list" },
  "POST /api/v1/org/promoteguest": { need: "members.manage", body: { email_id: T }, targeted: true },
  "POST /api/v1/org/togglesuspension": { need: "members.manage", body: { email_id: T }, targeted: true },
  "GET /api/v1/org/user": { need: "members.manage", query: "email_id=$T", targeted: true },
  "DELETE /api/v1/org/user": { need: "members.manage", query: "email_id=$T", targeted: true },
  "GET /api/v1/groups": { need: "members.list" },
  "POST /api/v1/groups": { need: "members.manage", body: { name: "$NEW" } },
  "GET /api/v1/groups/{id}": { need: "members.list", targeted: true },
  "PUT /api/v1/groups/{id}": { need: "members.manage", body: { name: "$NEW" }, targeted: true },
  "PATCH /api/v1/groups/{id}": { need: "members.manage", body: { name: "$NEW" }, targeted: true },
  "DELETE /api/v1/groups/{id}": { need: "members.manage", targeted: true },
  "GET /api/v1/policies": { need: "members.list" },
  "POST /api/v1/policies": { need: "members.manage", body: { name: "$NEW" } },
  "GET /api/v1/policies/{id}": { need: "members.list", targeted: true },
  "PUT /api/v1/policies/{id}": { need: "members.manage", body: { name: "$NEW" }, targeted: true },
  "PATCH /api/v1/policies/{id}": { need: "members.manage", body: { name: "$NEW" }, targeted: true },
  "DELETE /api/v1/policies/{id}": { need: "members.manage", targeted: true },
  "POST /api/v1/join-requests": {
    need: "public",
    body: { account_id: "$ACCOUNT", email: "$NEW" },
  },
  "POST /api/v1/join-requests/confirm": {
    need: "public",
    body: { token: "a-link-token-nobody-was-mailed-0123456789", password: "join-password-1" },
    publicStatus: 410,
  },
  "GET /api/v1/openapi.json": { need: "public" },
  "GET /api/v1/account/security": { need: "members.manage" },
  "GET /api/v1/domains": { need: "members.manage" },
  "POST /api/v1/domains": { need: "members.manage", body: { domain: "$DOMAIN" } },
  "GET /api/v1/domains/{id}": { need: "members.manage", targeted: true },
  "PATCH /api/v1/domains/{id}": { need: "members.manage", body: { enrollment: "suggest" }, targeted: true },
  "DELETE /api/v1/domains/{id}": { need: "members.manage", targeted: true },
  "POST /api/v1/domains/{id}/verify": { need: "members.manage", targeted: true },
  "PATCH /api/v1/account/security": { need: "members.manage", body: { mfa: "off" } },
  "POST /api/v1/login/discover": { need: "public", body: { email: "$NEW" } },
  "GET /api/v1/events": { need: "members.manage" },
  "GET /api/v1/webhooks": { need: "members.manage" },
  "POST /api/v1/webhooks": { need: "members.manage", body: { url: "http://127.0.0.1:9/hook", events: ["member.*"] } },
  "GET /api/v1/webhooks/{id}": { need: "members.manage", targeted: true },
  "PATCH /api/v1/webhooks/{id}": { need: "members.manage", body: { description: "Renamed" }, targeted: true },
  "DELETE /api/v1/webhooks/{id}": { need: "members.manage", targeted: true },
  "POST /api/v1/webhooks/{id}/rotate-secret": { need: "members.manage", targeted: true },
  "POST /api/v1/webhooks/{id}/test": { need: "members.manage", targeted: true },
  "GET /api/v1/webhooks/{id}/deliveries": { need: "members.manage", targeted: true },
  "POST /api/v1/webhooks/{id}/replay": { need: "members.manage", body: { after: 0 }, targeted: true },
  "POST /api/v1/webhooks/{id}/retry": { need: "members.manage", targeted: true },
  "GET /api/v1/sso/connections": { need: "members.manage" },
  "POST /api/v1/sso/connections": {
    need: "members.manage",
    body: { type: "oidc", name: "IdP", issuer: "https://idp.example", clientId: "c", clientSecret: "s" },
  },
  "GET /api/v1/sso/connections/{id}": { need: "members.manage", targeted: true },
  "PATCH /api/v1/sso/connections/{id}": { need: "members.manage", body: { name: "Renamed" }, targeted: true },
  "DELETE /api/v1/sso/connections/{id}": { need: "members.manage", targeted: true },
  "POST /api/v1/sso/connections/{id}/test": { need: "members.manage", targeted: true },
  // No test sign-in has this id: the admin of the connection's own account is told so (404).
  "GET /api/v1/sso/connections/{id}/tests/{testId}": { need: "members.manage", targeted: true, ownStatus: 404 },
  "GET /api/v1/sso/connections/{id}/saml/metadata": { need: "members.manage", targeted: true },
  "POST /api/v1/login/sign-in": {
    need: "public",
    body: { email: "$NEW", password: "not-this-one" },
    publicStatus: 401,
  },
  "POST /api/v1/login/sign-in/second-factor": { need: "public", body: { code: "123456" }, publicStatus: 401 },
  "GET /api/v1/login/factors": { need: "session" },
  "POST /api/v1/login/factors/passkeys": { need: "session", body: {} },
  "POST /api/v1/login/factors/passkeys/{id}/verify": {
    need: "session",
    body: { response: { id: "x", type: "public-key" } },
  },
  "POST /api/v1/login/sign-in/passkey/options": { need: "public", publicStatus: 200 },
  "POST /api/v1/login/sign-in/passkey": {
    need: "public",
    body: { response: { id: "AAAA", type: "public-key", response: {} } },
    publicStatus: 401,
  },
  "POST /api/v1/login/factors/totp": { need: "session", body: {} },
  "POST /api/v1/login/factors/totp/{id}/verify": { need: "session", body: { code: "123456" } },
  "DELETE /api/v1/login/factors/{id}": { need: "session" },
  "POST /api/v1/login/recovery-codes": { need: "session" },
  "POST /api/v1/login/reverify": { need: "session", body: { password: "x" } },
  "GET /api/v1/login/sessions": { need: "session" },
  "DELETE /api/v1/login/sessions": { need: "session" },
  "DELETE /api/v1/login/sessions/{sessionId}": { need: "session" },
  "POST /api/graphql listUsers": {
    need: "members.list",
    body: { query: "{ listUsers { ok reason activeUsers { uid email } } }" },
  },
  "POST /api/graphql inviteUser": {
    need: "members.manage",
    body: { query: 'mutation { inviteUser(email: "$NEW", accountType: REGULAR) { ok reason code } }' },
  },
  "POST /api/graphql updateUserAccountType": {
    need: "members.manage",
    body: { query: 'mutation { updateUserAccountType(uid: "$UID", accountType: DEVELOPER) { ok reason code } }' },
    targeted: true,
  },
  "POST /api/graphql disableUser": {
    need: "members.manage",
    body: { query: 'mutation { disableUser(uid: "$UID") { ok reason code } }' },
    targeted: true,
  },
};

function routeOperations(dir = "app/api/v1"): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeOperations(full));
    else if (entry.name === "route.ts") {
      const url = `/${path.dirname(full).replace(/^app\//, "")}`.replace(/\[(\w+)\]/g, "{$1}");
      for (const m of readFileSync(full, "utf8").matchAll(
        /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
      ))
        out.push(`${m[1]} ${url}`);
    }
  }
  return out;
}

const ROLES = ["GUEST", "REGULAR", "DEVELOPER", "ADMIN", "SUPER"] as const;
const RANK: Record<string, number> = { GUEST: 0, REGULAR: 1, DEVELOPER: 2, ADMIN: 3, SUPER: 4 };
const allowed = (need: Need, role: string) =>
  need === "public" ||
  need === "self" ||
  (need === "members.list" && RANK[role] >= 1) ||
  (need === "members.manage" && RANK[role] >= 3) ||
  (need === "super" && role === "SUPER");

interface Caller extends Viewer {
  name: string;
  key?: string;
  active: boolean;
}

/** Operations whose answer carries a key they just made (shown once to their caller). */
const MINTS = new Set(["POST /api/v1/account/users", "POST /api/v1/account/users/refresh-api-key"]);

const oracle = new Oracle();

// Each request comes from its own address (the suite trusts X-Forwarded-For) so
// the per-address limit does not decide answers; targets are made by a pool of
// admin keys for the same reason.
let n = 0;
const address = () => ({ "x-forwarded-for": `198.18.${Math.floor(++n / 250) % 250}.${(n % 250) + 1}` });

async function member(ownerKey: string, role: string, marker: string, accountId: number) {
  const email = uniqueEmail(`${marker}-${role.toLowerCase()}`);
  const r = await api("POST", "/api/v1/account/users", {
    key: ownerKey,
    body: { email, role, first_name: marker },
    headers: address(),
  });
  if (r.status !== 201) throw new Error(r.text);
  oracle.key(r.body.api_key, { accountId, role, userId: r.body.user_id });
  return { id: r.body.user_id as number, key: r.body.api_key as string, email };
}

describe("authorization matrix", () => {
  it("covers every route handler and GraphQL operation", () => {
    const documented = new Set(Object.keys(OPS).map((k) => k.split(" ").slice(0, 2).join(" ")));
    for (const op of routeOperations()) expect(documented.has(op), `${op} has no entry in the matrix`).toBe(true);
  });

  it("answers every caller as SPEC §2 says and never shows another account's data", { timeout: 240_000 }, async () => {
    const own = await newAccount("Own");
    const other = await newAccount("Other");
    const MARK = `leakmark${Math.random().toString(36).slice(2, 8)}`;
    oracle.key(own.apiKey, { accountId: own.accountId, role: "SUPER", userId: own.userId });
    oracle.key(other.apiKey, { accountId: other.accountId, role: "SUPER", userId: other.userId });
    await plant(oracle, own, { ...other, marker: MARK });
    const callers: Caller[] = [{ name: "no credentials", active: false }];
    for (const role of ROLES.slice(0, 4)) {
      const m = await member(own.apiKey, role, "caller", own.accountId);
      callers.push({ name: role, key: m.key, role, active: true, accountId: own.accountId, userId: m.id });
    }
    callers.push({
      name: "SUPER",
      key: own.apiKey,
      role: "SUPER",
      active: true,
      accountId: own.accountId,
      userId: own.userId,
    });
    const suspended = await member(own.apiKey, "ADMIN", "caller", own.accountId);
    await api("POST", "/api/v1/org/togglesuspension", { key: own.apiKey, body: { email_id: suspended.id } });
    const disabled = await member(own.apiKey, "ADMIN", "caller", own.accountId);
    await api("POST", "/api/v1/account/users/remove", { key: own.apiKey, body: { user_id: disabled.id } });
    const revoked = await member(own.apiKey, "ADMIN", "caller", own.accountId);
    const refreshed = await api("POST", "/api/v1/account/users/refresh-api-key", {
      key: own.apiKey,
      body: { user_id: revoked.id },
    });
    oracle.key(refreshed.body.api_key, { accountId: own.accountId, role: "ADMIN", userId: revoked.id });
    callers.push(
      { name: "suspended admin", key: suspended.key, active: false },
      { name: "disabled admin", key: disabled.key, active: false },
      { name: "revoked key", key: revoked.key, active: false },
    );

    const pool = async (ownerKey: string, accountId: number) =>
      Promise.all(Array.from({ length: 8 }, async () => (await member(ownerKey, "ADMIN", "creator", accountId)).key));
    const creators = { own: await pool(own.apiKey, own.accountId), other: await pool(other.apiKey, other.accountId) };
    let turn = 0;
    const creator = (where: "own" | "other") => creators[where][turn++ % creators[where].length];
    const uidOf = async (key: string, userId: number) =>
      (await api("GET", `/api/v1/user?user_id=${userId}`, { key, headers: address() })).body.uid as string;

    let cases = 0;
    const failures: string[] = [];
    const leaks: string[] = [];
    for (const [name, op] of Object.entries(OPS)) {
      const [method, rawPath] = name.split(" ");
      const isGroup = rawPath.includes("/groups/") || rawPath.includes("/policies/");
      const isDomain = rawPath.includes("/domains/");
      const isConnection = rawPath.includes("/sso/connections/");
      const isWebhook = rawPath.includes("/webhooks/");
      for (const where of op.targeted ? (["own", "other"] as const) : (["own"] as const)) {
        let target = { id: 0, key: "", email: "" };
        let id = 0;
        let fresh = true;
        for (const caller of callers) {
          // A fresh target after any call that may have changed it, so earlier callers never decide later answers.
          const ownerKey = creator(where);
          if (fresh) {
            target = await member(
              ownerKey,
              "REGULAR",
              where === "other" ? MARK : "target",
              where === "other" ? other.accountId : own.accountId,
            );
            id = target.id;
            if (isGroup) {
              const kind = rawPath.includes("/groups/") ? "groups" : "policies";
              const g = await api("POST", `/api/v1/${kind}`, {
                key: ownerKey,
                headers: address(),
                body: { name: `${where === "other" ? MARK : "t"}-${Math.random()}` },
              });
              id = g.body.id;
            }
            if (isDomain) {
              const d = await api("POST", "/api/v1/domains", {
                key: ownerKey,
                headers: address(),
                body: { domain: `t${Math.random().toString(36).slice(2)}.example` },
              });
              id = d.body.id;
            }
            if (isConnection) {
              const c = await api("POST", "/api/v1/sso/connections", {
                key: ownerKey,
                headers: address(),
                body: rawPath.includes("/saml/")
                  ? { type: "saml", name: "t", metadataXml: (await samlIdp()).metadataXml }
                  : { type: "oidc", name: "t", issuer: "https://idp.example", clientId: "c", clientSecret: "s" },
              });
              id = c.body.id;
            }
            if (isWebhook) {
              const w = await api("POST", "/api/v1/webhooks", {
                key: ownerKey,
                headers: address(),
                body: { url: "http://127.0.0.1:9/hook", events: ["member.*"] },
              });
              id = w.body.id;
            }
          }
          fresh = Boolean(caller.active && allowed(op.need, caller.role as string) && method !== "GET");
          const uid = name.includes("graphql") && op.targeted ? await uidOf(ownerKey, target.id) : "";
          const fill = (v: string) =>
            v
              .replace("$T", String(target.id))
              .replace("$E", target.email)
              .replace("$UID", uid)
              .replace("$ACCOUNT", String(own.accountId))
              .replace("$DOMAIN", `n${Math.random().toString(36).slice(2)}.example`)
              .replace(
                "$NEW",
                uniqueEmail("new").replace("@", "-at-").replace(/\./g, "") +
                  (v.includes("email") ||
                  name.includes("users") ||
                  name.includes("accounts") ||
                  name.includes("join") ||
                  name.includes("invite")
                    ? "@example.test"
                    : ""),
              );
          const body = op.body
            ? JSON.parse(fill(JSON.stringify(op.body)).replace(`"${T}"`, String(target.id)))
            : undefined;
          if (body && "account_id" in body) body.account_id = own.accountId;
          for (const k of ["user_id", "email_id", "admin_user_id"]) if (body && k in body) body[k] = target.id;
          const url =
            rawPath.replace("{id}", String(id)).replace("{testId}", "no-such-test") +
            (op.query ? `?${fill(op.query)}` : "");
          const r = await api(method, url, {
            key: caller.key,
            headers: address(),
            body: method === "GET" || method === "DELETE" ? undefined : (body ?? {}),
          });
          cases++;
          if (r.text.includes(MARK)) leaks.push(`${name} as ${caller.name} on ${where}`);
          if (r.status < 300)
            for (const secret of oracle.leaks(r.text, caller, MINTS.has(name), r.body))
              leaks.push(`${name} as ${caller.name} on ${where}: ${secret}`);
          if (MINTS.has(name) && r.status < 300 && r.body?.api_key)
            oracle.key(r.body.api_key, {
              accountId: own.accountId,
              role: r.body.role ?? "REGULAR",
              userId: r.body.user_id,
            });
          const label = `${name} as ${caller.name} on ${where}'s target → ${r.status} ${r.text.slice(0, 120)}`;
          const gqlRefused =
            name.includes("graphql") && r.status === 200 && JSON.stringify(r.body).includes('"ok":false');
          if (op.need === "session") {
            if (r.status !== 401) failures.push(label);
          } else if (op.need === "public") {
            if (op.publicStatus ? r.status !== op.publicStatus : r.status >= 400 && r.status !== 409)
              failures.push(label);
          } else if (!caller.active) {
            if (r.status !== 401) failures.push(label);
          } else if (!allowed(op.need, caller.role as string)) {
            if (
              !(
                r.status === 403 ||
                (gqlRefused && JSON.stringify(r.body).includes("forbidden")) ||
                (gqlRefused && name.includes("listUsers"))
              )
            )
              failures.push(label);
          } else if (where === "other") {
            if (!(r.status === 404 || (gqlRefused && JSON.stringify(r.body).includes("not_found"))))
              failures.push(label);
          } else if (op.ownStatus) {
            if (r.status !== op.ownStatus) failures.push(label);
          } else if (r.status >= 400 && r.status !== 409) {
            failures.push(label);
          } else if (gqlRefused && !JSON.stringify(r.body).includes("invalid_transition")) {
            failures.push(label);
          }
          if (r.status >= 500) failures.push(`500: ${label}`);
        }
      }
    }
    console.log(
      `authorization matrix: ${cases} cases (every answer scanned for planted secrets), ${failures.length} failures, ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
    expect(failures).toEqual([]);
  });
});
