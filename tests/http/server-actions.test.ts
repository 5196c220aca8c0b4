// The console's server actions called directly, as an attacker would: every
// action in the build's manifest × no session, GUEST, REGULAR × an own target,
// and an ADMIN on another account's target.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { adminCommand, api, newAccount, uniqueAddress, uniqueEmail } from "./setup/client";
import { Oracle, plant } from "./setup/oracle";
import { actions, callAction as call, signIn } from "./setup/session";

type Args = (t: {
  user: number;
  group: number;
  policy: number;
  invitation: number;
  account: number;
  scimToken: number;
  domain: number;
  connection: number;
  webhook: number;
  /** An endpoint whose first event failed (its receiver refuses connections) and waits for its retry. */
  heldWebhook: number;
}) => unknown[];
const SAMPLES: Record<string, Args | "public" | "session-only"> = {
  switchAccount: "session-only", // changes only the caller's own cookie, checked against their memberships
  createGroupAction: () => [{ name: `g-${Math.random()}` }],
  createPolicyAction: () => [{ name: `p-${Math.random()}` }],
  deleteGroupAction: (t) => [t.group],
  deletePolicyAction: (t) => [t.policy],
  updateGroupAction: (t) => [t.group, { name: `r-${Math.random()}` }],
  updatePolicyAction: (t) => [t.policy, { name: `r-${Math.random()}` }],
  invitationLinkAction: (t) => [t.invitation],
  resendInvitationAction: (t) => [t.invitation],
  revokeInvitationAction: (t) => [t.invitation],
  inviteAction: () => [{ email: uniqueEmail("sa") }],
  inviteManyAction: () => [{ emails: uniqueEmail("sam") }],
  changeStatusAction: (t) => [t.user, "toggleSuspension"],
  bulkAction: (t) => [{ action: "suspend", userIds: [t.user] }],
  matchingMembersAction: () => ["status=ACTIVE"],
  refreshKeyAction: (t) => [t.user],
  revealKeyAction: (t) => [t.user],
  saveMemberAction: (t) => [
    t.user,
    { profile: { title: "pwned" }, groups: [], smartcards: { cards: [{ number: `9${t.user}` }] } },
  ],
  changeRoleAction: (t) => [t.user, "promote"],
  deleteMemberAction: (t) => [t.user],
  updateAccountAction: () => [{ tokenBalance: 999999, name: "pwned" }],
  createScimTokenAction: () => ["pwned"],
  revokeScimTokenAction: (t) => [t.scimToken],
  acceptInvitationAction: "public",
  requestToJoinAction: "public",
  confirmJoinAction: "public",
  forgotPasswordAction: "public",
  resetPasswordAction: "public",
  confirmEmailAction: "public",
  confirmEmailChangeAction: "public",
  cancelEmailChangeAction: "public",
  // The caller's own login only (tests/http/login.test.ts attacks them).
  changePasswordAction: "session-only",
  requestEmailChangeAction: "session-only",
  sendVerificationAction: "session-only",
  signOutEverywhereAction: "session-only",
  // Second factors and sessions: the caller's own (tests/http/sign-in.test.ts and tests/attacks/second-factor.test.ts).
  startTotpAction: "session-only",
  confirmTotpAction: "session-only",
  removeFactorAction: "session-only",
  regenerateRecoveryCodesAction: "session-only",
  reverifyAction: "session-only",
  endSessionAction: "session-only",
  endOtherSessionsAction: "session-only",
  requireSignInAgainAction: (t) => [t.user],
  updateSecurityPolicyAction: () => [{ mfa: "admins" }],
  addDomainAction: () => [{ domain: `sa${Math.random().toString(36).slice(2)}.example` }],
  verifyDomainAction: (t) => [t.domain],
  updateDomainAction: (t) => [t.domain, { enrollment: "suggest" }],
  deleteDomainAction: (t) => [t.domain],
  addSsoConnectionAction: () => [
    { type: "oidc", name: "IdP", issuer: "https://idp.example", clientId: "c", clientSecret: "s" },
  ],
  updateSsoConnectionAction: (t) => [t.connection, { name: `r-${Math.random()}` }],
  deleteSsoConnectionAction: (t) => [t.connection],
  updateSsoPolicyAction: () => [{ sso: "required" }],
  ssoReverifyAction: "session-only", // names only the caller's own session's connection
  addWebhookAction: () => [{ url: "http://127.0.0.1:9/sa", events: ["member.*"] }],
  updateWebhookAction: (t) => [t.webhook, { description: `r-${Math.random()}` }],
  deleteWebhookAction: (t) => [t.webhook],
  rotateWebhookSecretAction: (t) => [t.webhook],
  testWebhookAction: (t) => [t.webhook],
  replayWebhookAction: (t) => [t.webhook, 0],
  retryWebhookAction: (t) => [t.heldWebhook],
};

/** An endpoint of the account whose key this is (a target for the webhook actions). */
const newWebhook = async (key: string) =>
  (await api("POST", "/api/v1/webhooks", { key, body: { url: "http://127.0.0.1:9/sa", events: ["member.*"] } })).body
    .id as number;

/** An endpoint held on a failed event: a member added after it, posted to a port that refuses (the server polls each 200 ms). */
async function newHeldWebhook(key: string): Promise<number> {
  const id = await newWebhook(key);
  await api("POST", "/api/v1/account/users", { key, body: { email: uniqueEmail("held") } });
  for (let i = 0; i < 100; i++) {
    if ((await api("GET", `/api/v1/webhooks/${id}`, { key })).body.attempts > 0) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`webhook ${id} was not tried within 10 s`);
}

/** A draft OIDC connection of the account whose key this is (a target for the SSO actions). */
const newConnection = async (key: string) =>
  (
    await api("POST", "/api/v1/sso/connections", {
      key,
      body: { type: "oidc", name: "t", issuer: "https://idp.example", clientId: "c", clientSecret: "s" },
    })
  ).body.id as number;

describe("server actions called directly", () => {
  it("every action has a case, and each refuses who may not", { timeout: 180_000 }, async () => {
    const list = actions();
    expect(list.length).toBeGreaterThan(20);
    for (const a of list) expect(SAMPLES[a.name], `${a.name} has no entry here`).toBeDefined();

    const own = await newAccount();
    const other = await newAccount();
    const person = async (key: string, role: string) => {
      const email = uniqueEmail(role.toLowerCase());
      const r = await api("POST", "/api/v1/account/accounts", { key, body: { email, password: "action-password-1" } });
      if (role !== "REGULAR")
        await api("POST", "/api/v1/org/modifyrank", { key, body: { admin_user_id: r.body.id, rank: role } });
      return { id: r.body.id as number, cookie: await signIn(email, "action-password-1") };
    };
    const guest = await person(own.apiKey, "GUEST");
    const regular = await person(own.apiKey, "REGULAR");
    const otherAdmin = await person(other.apiKey, "ADMIN");
    const targets = async (key: string, accountId: number, email: string) => {
      const user = (await api("POST", "/api/v1/account/users", { key, body: { email: uniqueEmail("target") } })).body
        .user_id;
      const group = (await api("POST", "/api/v1/groups", { key, body: { name: `tg-${Math.random()}` } })).body.id;
      const policy = (await api("POST", "/api/v1/policies", { key, body: { name: `tp-${Math.random()}` } })).body.id;
      const invitation = (
        await api("POST", "/api/v1/account/users/invite", { key, body: { email: uniqueEmail("inv") } })
      ).body.invitation.id;
      const scimToken = (
        await adminCommand<{ id: number }>([
          "create-scim-token",
          "--account",
          String(accountId),
          "--email",
          email,
          "--label",
          "target",
        ])
      ).id;
      const domain = (
        await api("POST", "/api/v1/domains", {
          key,
          body: { domain: `td${Math.random().toString(36).slice(2)}.example` },
        })
      ).body.id;
      return {
        user,
        group,
        policy,
        invitation,
        account: accountId,
        scimToken,
        domain,
        connection: await newConnection(key),
        webhook: await newWebhook(key),
        heldWebhook: await newHeldWebhook(key),
      };
    };
    const ownTargets = await targets(own.apiKey, own.accountId, own.email);
    const before = await api("GET", "/api/v1/account", { key: own.apiKey });

    let cases = 0;
    const failures: string[] = [];
    for (const a of list) {
      const sample = SAMPLES[a.name];
      if (typeof sample !== "function") continue;
      const args = sample(ownTargets);
      for (const [who, cookie, expected] of [
        ["no session", undefined, "unauthenticated"],
        ["GUEST", guest.cookie, "forbidden"],
        ["REGULAR", regular.cookie, "forbidden"],
        ["ADMIN of another account", otherAdmin.cookie, /not_found|forbidden/],
      ] as const) {
        // Creating in (or listing) one's own account is allowed to an ADMIN; that is not a cross-tenant case.
        if (
          who === "ADMIN of another account" &&
          [
            "createGroupAction",
            "createPolicyAction",
            "inviteAction",
            "inviteManyAction",
            "updateAccountAction",
            "createScimTokenAction",
            "matchingMembersAction",
            "updateSecurityPolicyAction",
            "addDomainAction",
            "addSsoConnectionAction",
            "updateSsoPolicyAction",
            "addWebhookAction",
          ].includes(a.name)
        )
          continue;
        cases++;
        const r = await call(a, args, cookie);
        const ok =
          r.text.includes('"ok":false') &&
          (typeof expected === "string" ? r.text.includes(`"code":"${expected}"`) : expected.test(r.text));
        if (!ok || r.status >= 500) failures.push(`${a.name} as ${who} → ${r.status} ${r.text.slice(0, 160)}`);
      }
    }
    const after = await api("GET", "/api/v1/account", { key: own.apiKey });
    console.log(`server actions: ${cases} cases, ${failures.length} failures`);
    expect(failures).toEqual([]);
    expect(after.body).toEqual(before.body);
  });

  it("as an ADMIN and a SUPER each action is performed, writes one audit event and shows no secret it may not", {
    timeout: 180_000,
  }, async () => {
    const own = await newAccount();
    const other = await newAccount();
    const oracle = new Oracle();
    const MARK = `actionmark${Math.random().toString(36).slice(2, 8)}`;
    oracle.key(own.apiKey, { accountId: own.accountId, role: "SUPER", userId: own.userId });
    await plant(oracle, own, { ...other, marker: MARK });
    const session = async (role: string) => {
      const email = uniqueEmail(role.toLowerCase());
      const r = await api("POST", "/api/v1/account/accounts", {
        key: own.apiKey,
        body: { email, password: "action-password-1" },
      });
      await api("POST", "/api/v1/org/modifyrank", { key: own.apiKey, body: { admin_user_id: r.body.id, rank: role } });
      return { role, userId: r.body.id as number, cookie: await signIn(email, "action-password-1") };
    };
    const callers = [await session("ADMIN"), await session("SUPER")];
    const databaseUrl = inject("databaseUrl");
    const db = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
    await db?.connect();
    const lastEvent = async () =>
      db ? ((await db.query(`SELECT coalesce(max(id), 0)::int AS id FROM "AuditEvent"`)).rows[0].id as number) : 0;
    const eventsBy = async (since: number, userId: number) =>
      db
        ? ((await db.query(`SELECT action FROM "AuditEvent" WHERE id > $1 AND "actorUserId" = $2`, [since, userId]))
            .rows as { action: string }[])
        : null;
    // Reading actions write nothing (copying an invitation link is a reveal: one event); SUPER-only settings refuse an ADMIN.
    // A webhook's test event is posted outside the stream and changes nothing: it is in the delivery log, not the audit log.
    const readOnly = new Set(["matchingMembersAction", "testWebhookAction"]);
    const superOnly = new Set(["updateAccountAction"]);
    // Requiring a second factor needs the caller's own session to have two, requiring SSO a session through the
    // account's connection: these sessions signed in with a password alone (tests/http/sso.test.ts performs both).
    const needsStrongerSession = new Set(["updateSecurityPolicyAction", "updateSsoPolicyAction"]);
    // The member page's Save writes one event per part it changes: its sample changes the profile and the
    // smartcards; its groups ([]) are the member's already, so they write nothing. An invitation is invitation.created, then its member.created.
    const eventsPerCall: Record<string, number> = { saveMemberAction: 2, inviteAction: 2, inviteManyAction: 2 };
    // Only the targets an action's sample reads are made (read once with a recording stand-in): the file's address
    // and the owner key each have a minute's budget, and making every kind for each of some 70 cases outran it.
    type Targets = Parameters<Args>[0];
    const makers: { [K in keyof Targets]: () => Promise<Targets[K]> } = {
      user: async () => {
        const added = await api("POST", "/api/v1/account/users", {
          key: own.apiKey,
          body: { email: uniqueEmail("target") },
        });
        oracle.key(added.body.api_key, { accountId: own.accountId, role: "REGULAR", userId: added.body.user_id });
        return added.body.user_id as number;
      },
      group: async () =>
        (await api("POST", "/api/v1/groups", { key: own.apiKey, body: { name: `g-${Math.random()}` } })).body.id,
      policy: async () =>
        (await api("POST", "/api/v1/policies", { key: own.apiKey, body: { name: `p-${Math.random()}` } })).body.id,
      invitation: async () => {
        const invited = await api("POST", "/api/v1/account/users/invite", {
          key: own.apiKey,
          body: { email: uniqueEmail("inv") },
        });
        if (!invited.body?.invitation) throw new Error(`invite: ${invited.status} ${invited.text}`);
        return invited.body.invitation.id;
      },
      account: async () => own.accountId,
      scimToken: async () =>
        (
          await adminCommand<{ id: number }>([
            "create-scim-token",
            "--account",
            String(own.accountId),
            "--email",
            own.email,
            "--label",
            "t",
          ])
        ).id,
      // A domain whose TXT record is published (the loopback DNS server reads it), so verifying it performs.
      domain: async () => {
        const d = await api("POST", "/api/v1/domains", {
          key: own.apiKey,
          body: { domain: `pd${Math.random().toString(36).slice(2)}.example` },
        });
        writeFileSync(
          path.join(inject("dnsDir"), `${d.body.verification.name}.json`),
          JSON.stringify([d.body.verification.value]),
        );
        return d.body.id as number;
      },
      connection: () => newConnection(own.apiKey),
      webhook: () => newWebhook(own.apiKey),
      heldWebhook: () => newHeldWebhook(own.apiKey),
    };
    const targets = async (sample: Args): Promise<Targets> => {
      const read = new Set<keyof Targets>();
      const record = (_t: Targets, k: string | symbol) => {
        read.add(k as keyof Targets);
        return 0;
      };
      sample(new Proxy({} as Targets, { get: record }));
      const made = {} as Record<keyof Targets, number>;
      for (const k of read) made[k] = await makers[k]();
      return made;
    };
    let cases = 0;
    const failures: string[] = [];
    const leaks: string[] = [];
    for (const a of actions()) {
      const sample = SAMPLES[a.name];
      if (typeof sample !== "function") continue;
      for (const caller of callers) {
        const args = sample(await targets(sample));
        const mark = await lastEvent();
        const r = await call(a, args, caller.cookie);
        cases++;
        const label = `${a.name} as ${caller.role} → ${r.status} ${r.text.slice(0, 160)}`;
        const refusedHere = (superOnly.has(a.name) && caller.role === "ADMIN") || needsStrongerSession.has(a.name);
        const performed = r.text.includes('"ok":true');
        if (refusedHere ? performed : !performed) failures.push(label);
        for (const secret of oracle.leaks(
          r.text,
          { ...caller, accountId: own.accountId },
          a.name === "refreshKeyAction",
        ))
          leaks.push(`${label}: ${secret}`);
        const events = await eventsBy(mark, caller.userId);
        const expected = refusedHere ? 0 : readOnly.has(a.name) ? 0 : (eventsPerCall[a.name] ?? 1);
        if (events && events.length !== expected)
          failures.push(
            `${label}: wrote ${events.length} audit events (${events.map((e) => e.action).join(", ")}), not ${expected}`,
          );
      }
    }
    await db?.end();
    console.log(
      `server actions as ADMIN and SUPER: ${cases} cases, ${failures.length} failures, ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
    expect(failures).toEqual([]);
  });
});

const MALFORMED_ADDRESS = uniqueAddress();

describe("server actions given what no page sends (issue 27)", () => {
  it("missing, wrongly typed and prototype-key arguments are refusals naming their place, never a 500 or a logged error", {
    timeout: 180_000,
  }, async () => {
    const own = await newAccount();
    const email = uniqueEmail("malformed");
    const r = await api("POST", "/api/v1/account/accounts", {
      key: own.apiKey,
      body: { email, password: "action-password-1" },
    });
    await api("POST", "/api/v1/org/modifyrank", { key: own.apiKey, body: { admin_user_id: r.body.id, rank: "SUPER" } });
    const cookie = await signIn(email, "action-password-1");
    const target = (await api("POST", "/api/v1/account/users", { key: own.apiKey, body: { email: uniqueEmail("t") } }))
      .body.user_id as number;
    const log = () => readFileSync(inject("serverLog"), "utf8");
    const logBefore = log().length;
    const bodies: unknown[][] = [
      [],
      [null],
      ["__proto__"],
      [{}, "constructor"],
      [target, "constructor"],
      [target, "__proto__"],
      [target, "toString"],
      [target, "hasOwnProperty"],
      ["1e3", []],
      [{ __proto__: { admin: true } }],
    ];
    const failures: string[] = [];
    let cases = 0;
    // Actions that take no arguments (or a form) run whatever is posted: left out, they would end the session.
    const noArguments = new Set(["switchAccount", "signOutEverywhereAction", "sendVerificationAction"]);
    for (const a of actions()) {
      if (noArguments.has(a.name)) continue;
      for (const args of bodies) {
        // Its own client address: this file's earlier tests have used much of the per-address minute.
        const res = await call(a, args, cookie, MALFORMED_ADDRESS);
        cases++;
        const label = `${a.name}(${JSON.stringify(args)}) → ${res.status} ${res.text.slice(0, 160)}`;
        if (res.status >= 500 || res.text.includes("internal_error")) failures.push(label);
        // The session must stay live throughout, or later refusals would prove nothing.
        if (res.text.includes('"code":"unauthenticated"')) failures.push(`${label}: session lost`);
        const verbByName = ["changeStatusAction", "changeRoleAction"].includes(a.name) && typeof args[1] === "string";
        if (verbByName && !res.text.includes('"code":"invalid_input"')) failures.push(`${label}: not refused`);
      }
    }
    // And generated argument lists (prototype keys, long strings, numbers past every range, nesting).
    const arg = fc.oneof(
      fc.constantFrom(
        "__proto__",
        "constructor",
        "toString",
        "valueOf",
        "x".repeat(10_000),
        2 ** 53 + 2,
        -1,
        "1e400",
        null,
      ),
      fc.integer(),
      fc.string({ maxLength: 20 }),
      fc.dictionary(fc.constantFrom("__proto__", "constructor", "email", "name", "token", "userIds"), fc.string(), {
        maxKeys: 3,
      }),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const generated = fc.sample(fc.array(arg, { maxLength: 4 }), { numRuns: 3, seed: 27 });
    for (const a of actions()) {
      if (noArguments.has(a.name)) continue;
      for (const args of generated) {
        // Its own client address: this file's earlier tests have used much of the per-address minute.
        const res = await call(a, args, cookie, MALFORMED_ADDRESS);
        cases++;
        const label = `${a.name}(${JSON.stringify(args).slice(0, 120)}) → ${res.status} ${res.text.slice(0, 160)}`;
        if (res.status >= 500 || res.text.includes("internal_error")) failures.push(label);
        if (res.text.includes('"code":"unauthenticated"')) failures.push(`${label}: session lost`);
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
    expect(cases).toBeGreaterThan(300);
    const grown = log().slice(logBefore);
    expect(grown).not.toMatch(/TypeError|server action failed/);
  });

  it("a body over 1 MB is a 413 before Next reads it", async () => {
    const a = actions().find((x) => x.name === "forgotPasswordAction");
    if (!a) throw new Error("no forgotPasswordAction");
    const res = await call(a, [{ email: `${"a".repeat(1_100_000)}@example.test` }]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ code: "payload_too_large" });
  });
});
