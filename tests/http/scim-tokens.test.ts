// SCIM tokens × every SCIM operation: the account's own token does each
// operation and it persists (read back); another account's token finds nothing
// here; a revoked token, or one whose creator was demoted or suspended, is
// refused. Every successful answer is scanned for planted secrets.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { adminCommand, api, newAccount, newMember, uniqueEmail } from "./setup/client";
import { Oracle, plant } from "./setup/oracle";
import { newScimToken, scimClientFor } from "./setup/scim";
import { action, callAction, signIn } from "./setup/session";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const scim = (token: string, method: string, path: string, body?: unknown) => scimClientFor(token)(method, path, body);

const token = (accountId: number, email: string) =>
  newScimToken(accountId, email, `t-${Math.random().toString(36).slice(2, 8)}`);

interface Fixture {
  user: string;
  email: string;
  group: string;
}

/** Each SCIM operation, what it sends, and how its effect is read back (by the account's own token). */
const OPERATIONS: {
  name: string;
  targeted?: boolean;
  run: (t: string, f: Fixture) => ReturnType<typeof scim>;
  ok: number;
  readBack?: (t: string, f: Fixture, r: Awaited<ReturnType<typeof scim>>) => Promise<boolean>;
}[] = [
  { name: "GET /Users", run: (t) => scim(t, "GET", "/Users?count=200"), ok: 200 },
  { name: "GET /Users/{id}", targeted: true, run: (t, f) => scim(t, "GET", `/Users/${f.user}`), ok: 200 },
  {
    name: "POST /Users",
    run: (t) => {
      const email = uniqueEmail("scimtok");
      return scim(t, "POST", "/Users", { schemas: [USER], userName: email, emails: [{ value: email, primary: true }] });
    },
    ok: 201,
    readBack: async (t, _f, r) => (await scim(t, "GET", `/Users/${r.body.id}`)).status === 200,
  },
  {
    name: "PUT /Users/{id}",
    targeted: true,
    run: (t, f) =>
      scim(t, "PUT", `/Users/${f.user}`, { schemas: [USER], userName: f.email, name: { familyName: "Put" } }),
    ok: 200,
    readBack: async (t, f) => (await scim(t, "GET", `/Users/${f.user}`)).body?.name?.familyName === "Put",
  },
  {
    name: "PATCH /Users/{id}",
    targeted: true,
    run: (t, f) =>
      scim(t, "PATCH", `/Users/${f.user}`, {
        schemas: [PATCH],
        Operations: [{ op: "replace", value: { title: "Patched" } }],
      }),
    ok: 200,
    readBack: async (t, f) => (await scim(t, "GET", `/Users/${f.user}`)).body?.title === "Patched",
  },
  {
    name: "DELETE /Users/{id}",
    targeted: true,
    run: (t, f) => scim(t, "DELETE", `/Users/${f.user}`),
    ok: 204,
    readBack: async (t, f) => (await scim(t, "GET", `/Users/${f.user}`)).status === 404,
  },
  { name: "GET /Groups", run: (t) => scim(t, "GET", "/Groups"), ok: 200 },
  { name: "GET /Groups/{id}", targeted: true, run: (t, f) => scim(t, "GET", `/Groups/${f.group}`), ok: 200 },
  {
    name: "POST /Groups",
    run: (t) => scim(t, "POST", "/Groups", { schemas: [GROUP], displayName: `g-${Math.random()}` }),
    ok: 201,
    readBack: async (t, _f, r) => (await scim(t, "GET", `/Groups/${r.body.id}`)).status === 200,
  },
  {
    name: "PUT /Groups/{id}",
    targeted: true,
    run: (t, f) => scim(t, "PUT", `/Groups/${f.group}`, { schemas: [GROUP], displayName: `put-${f.group}` }),
    ok: 200,
    readBack: async (t, f) => (await scim(t, "GET", `/Groups/${f.group}`)).body?.displayName === `put-${f.group}`,
  },
  {
    name: "PATCH /Groups/{id}",
    targeted: true,
    run: (t, f) =>
      scim(t, "PATCH", `/Groups/${f.group}`, {
        schemas: [PATCH],
        Operations: [{ op: "add", path: "members", value: [{ value: f.user }] }],
      }),
    ok: 200,
    readBack: async (t, f) =>
      ((await scim(t, "GET", `/Groups/${f.group}`)).body?.members ?? []).some(
        (m: { value: string }) => m.value === f.user,
      ),
  },
  {
    name: "DELETE /Groups/{id}",
    targeted: true,
    run: (t, f) => scim(t, "DELETE", `/Groups/${f.group}`),
    ok: 204,
    readBack: async (t, f) => (await scim(t, "GET", `/Groups/${f.group}`)).status === 404,
  },
];

describe("SCIM tokens × SCIM operations", () => {
  it("own token performs, foreign finds nothing, revoked/demoted/suspended are refused; no answer leaks", {
    timeout: 120_000,
  }, async () => {
    const own = await newAccount("Own");
    const other = await newAccount("Other");
    const OWN_MARK = `ownmark${Math.random().toString(36).slice(2, 8)}`;
    const OTHER_MARK = `othermark${Math.random().toString(36).slice(2, 8)}`;
    // As seen by own's tokens (other's data is the canary) and by other's (own's is).
    const ownView = new Oracle();
    await plant(ownView, own, { ...other, marker: OTHER_MARK });
    const otherView = new Oracle();
    otherView.never("the other account's data", OWN_MARK);

    const ownToken = await token(own.accountId, own.email);
    const foreign = await token(other.accountId, other.email);
    const revoked = await token(own.accountId, own.email);
    const password = "scim-owner-password-1";
    await adminCommand(["reset-password", "--email", own.email, "--password", password]);
    const cookie = await signIn(own.email, password);
    expect((await callAction(action("revokeScimTokenAction"), [revoked.id], cookie)).text).toContain('"ok":true');
    const demotedAdmin = await newMember(own.apiKey, "ADMIN");
    const demoted = await token(own.accountId, demotedAdmin.email);
    await api("POST", "/api/v1/account/users/demote", { key: own.apiKey, body: { user_id: demotedAdmin.userId } });
    const suspendedAdmin = await newMember(own.apiKey, "ADMIN");
    const suspended = await token(own.accountId, suspendedAdmin.email);
    await api("POST", "/api/v1/org/togglesuspension", { key: own.apiKey, body: { email_id: suspendedAdmin.userId } });

    const fixture = async (): Promise<Fixture> => {
      const email = uniqueEmail(OWN_MARK);
      const m = await api("POST", "/api/v1/account/accounts", {
        key: own.apiKey,
        body: { email, firstName: OWN_MARK },
      });
      const g = await api("POST", "/api/v1/groups", { key: own.apiKey, body: { name: `${OWN_MARK}-${m.body.id}` } });
      return { user: String(m.body.id), email, group: String(g.body.id) };
    };

    // On PostgreSQL the audit log is read: a performed write wrote exactly one event as SCIM, a read or refusal none.
    const databaseUrl = inject("databaseUrl");
    const db = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
    await db?.connect();
    const lastEvent = async () =>
      db ? ((await db.query(`SELECT coalesce(max(id), 0)::int AS id FROM "AuditEvent"`)).rows[0].id as number) : 0;
    const eventsSince = async (id: number) =>
      db
        ? ((
            await db.query(`SELECT "actorKind", action FROM "AuditEvent" WHERE id > $1 AND "accountId" = $2`, [
              id,
              own.accountId,
            ])
          ).rows as { actorKind: string; action: string }[])
        : null;
    const failures: string[] = [];
    const leaks: string[] = [];
    let cases = 0;
    const tokens = [
      { name: "own", token: ownToken.token, view: ownView },
      { name: "foreign", token: foreign.token, view: otherView },
      { name: "revoked", token: revoked.token, view: ownView },
      { name: "creator demoted", token: demoted.token, view: ownView },
      { name: "creator suspended", token: suspended.token, view: ownView },
    ];
    for (const op of OPERATIONS) {
      for (const t of tokens) {
        const f = await fixture();
        const mark = await lastEvent();
        const r = await op.run(t.token, f);
        const events = await eventsSince(mark);
        cases++;
        const label = `${op.name} with the ${t.name} token → ${r.status} ${r.text.slice(0, 100)}`;
        if (r.status < 300) for (const secret of t.view.leaks(r.text, {})) leaks.push(`${label}: ${secret}`);
        const writes = !op.name.startsWith("GET");
        if (events && t.name === "own" && writes && !(events.length === 1 && events[0].actorKind === "scim"))
          failures.push(`${label}: wrote ${JSON.stringify(events)}, not one event as SCIM`);
        if (events && (t.name !== "own" || !writes) && events.length)
          failures.push(`${label}: wrote ${JSON.stringify(events)} in this account`);
        if (t.name === "own") {
          if (r.status !== op.ok) failures.push(label);
          else if (op.readBack && !(await op.readBack(t.token, f, r))) failures.push(`${label}: not persisted`);
        } else if (t.name === "foreign") {
          if (op.targeted ? r.status !== 404 : r.status !== op.ok) failures.push(label);
          // Nothing of this account changed: the fixture reads back as it was made.
          const after = await scim(ownToken.token, "GET", `/Users/${f.user}`);
          if (after.status !== 200 || after.body.name?.familyName === "Put" || after.body.title === "Patched")
            failures.push(`${label}: changed this account's user`);
        } else if (r.status !== 401) failures.push(label);
      }
    }
    for (const path of ["/ServiceProviderConfig", "/Schemas", "/ResourceTypes"]) {
      const r = await scim("", "GET", path);
      if (r.status !== 200) failures.push(`GET ${path} without a token → ${r.status}`);
    }
    await db?.end();
    console.log(
      `SCIM token matrix: ${cases} cases${db ? " (audit events read)" : ""}, ${failures.length} failures, ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
    expect(failures).toEqual([]);
  });
});
