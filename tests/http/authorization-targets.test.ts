// "Allowed" must mean performed: every operation on a member, by an ADMIN and
// by a SUPER, against a target in a state where it is valid — a regular
// member, an ADMIN, a SUPER — must answer 2xx and be read back changed, except
// an ADMIN acting on a SUPER (SPEC §2: targets below SUPER), which must be
// refused and leave the SUPER untouched.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { api, mailedToken, newAccount, uniqueEmail } from "./setup/client";

type Role = "GUEST" | "REGULAR" | "ADMIN" | "SUPER";
type Status = "ACTIVE" | "SUSPENDED" | "REQUESTED";
interface Target {
  id: number;
  key: string;
  email: string;
  uid: string;
}
interface State {
  role: string;
  status: string;
  middleName?: string | null;
  title?: string | null;
}

interface Op {
  name: string;
  /** The audit event a performed call writes (exactly one, by its caller). */
  audit: string;
  /** The state the target must be in for the operation to apply. */
  from: { status: Status; role?: Role };
  /** Whether a SUPER (and an ADMIN) can be a target in that state. */
  onHigher: boolean;
  call: (key: string, t: Target) => Promise<{ status: number; text: string; body: any }>;
  /** Read back: did it take effect? (`before` is the state the target was in.) */
  done: (after: State | null, t: Target) => boolean | Promise<boolean>;
}

// Each request from its own address and the reads spread over several keys, so the
// rate limits (600 a minute per address, 300 per key here) never answer instead.
let n = 0;
const address = () => ({ "x-forwarded-for": `198.20.${Math.floor(++n / 250) % 250}.${(n % 250) + 1}` });
const call = (method: string, path: string, key: string, body?: unknown) =>
  api(method, path, { key, body, headers: address() });
const post = (key: string, path: string, body: unknown) => call("POST", path, key, body);
const gql = (key: string, query: string) =>
  api("POST", "/api/graphql", { headers: { authorization: `Bearer ${key}`, ...address() }, body: { query } });

const OPS: Op[] = [
  {
    name: "activate",
    audit: "member.activate",
    from: { status: "SUSPENDED" },
    onHigher: true,
    call: (k, t) => post(k, "/api/v1/account/users/activate", { user_id: t.id }),
    done: (s) => s?.status === "ACTIVE",
  },
  {
    name: "remove",
    audit: "member.remove",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => post(k, "/api/v1/account/users/remove", { user_id: t.id }),
    done: (s) => s?.status === "DISABLED",
  },
  {
    name: "approve",
    audit: "member.approve",
    from: { status: "REQUESTED" },
    onHigher: false,
    call: (k, t) => post(k, "/api/v1/account/users/approve", { user_id: t.id }),
    done: (s) => s?.status === "ACTIVE",
  },
  {
    name: "deny",
    audit: "member.deny",
    from: { status: "REQUESTED" },
    onHigher: false,
    call: (k, t) => post(k, "/api/v1/account/users/deny", { user_id: t.id }),
    done: (s) => s?.status === "DECLINED",
  },
  {
    name: "promote",
    audit: "member.promote",
    from: { status: "ACTIVE", role: "REGULAR" },
    onHigher: false,
    call: (k, t) => post(k, "/api/v1/account/users/promote", { user_id: t.id }),
    done: (s) => s?.role === "ADMIN",
  },
  {
    name: "demote",
    audit: "member.demote",
    from: { status: "ACTIVE", role: "ADMIN" },
    onHigher: false,
    call: (k, t) => post(k, "/api/v1/account/users/demote", { user_id: t.id }),
    done: (s) => s?.role === "REGULAR",
  },
  {
    name: "refresh-api-key",
    audit: "credential.refresh",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => post(k, "/api/v1/account/users/refresh-api-key", { user_id: t.id }),
    done: async (_s, t) => (await call("GET", "/api/v1/user", t.key)).status === 401,
  },
  {
    name: "PATCH /api/v1/user",
    audit: "user.update",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => call("PATCH", "/api/v1/user", k, { user_id: t.id, middle_name: "Changed" }),
    done: (s) => s?.middleName === "Changed",
  },
  {
    name: "PATCH record",
    audit: "user.update",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => call("PATCH", `/api/v1/account/accounts/${t.id}`, k, { title: "Changed" }),
    done: (s) => s?.title === "Changed",
  },
  {
    name: "PUT record",
    audit: "user.update",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => call("PUT", `/api/v1/account/accounts/${t.id}`, k, { email: t.email, title: "Changed" }),
    done: (s) => s?.title === "Changed",
  },
  {
    name: "DELETE record",
    audit: "member.delete",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => call("DELETE", `/api/v1/account/accounts/${t.id}`, k),
    done: (s) => s === null,
  },
  {
    name: "togglesuspension",
    audit: "member.toggle_suspension",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => post(k, "/api/v1/org/togglesuspension", { email_id: t.id }),
    done: (s) => s?.status === "SUSPENDED",
  },
  {
    name: "modifyrank",
    audit: "member.set_role",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => post(k, "/api/v1/org/modifyrank", { admin_user_id: t.id, rank: "DEVELOPER" }),
    done: (s) => s?.role === "DEVELOPER",
  },
  {
    name: "promoteguest",
    audit: "member.promote_guest",
    from: { status: "ACTIVE", role: "GUEST" },
    onHigher: false,
    call: (k, t) => post(k, "/api/v1/org/promoteguest", { email_id: t.id }),
    done: (s) => s?.role === "REGULAR",
  },
  {
    name: "modifyallusernames",
    audit: "member.set_computer_usernames",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) =>
      post(k, "/api/v1/org/modifyallusernames", { email_id: t.id, computer_usernames: [{ computer_username: "u1" }] }),
    done: async (_s, t) => (await usernamesOf(t)).includes("u1"),
  },
  {
    name: "modifysmartcard",
    audit: "member.set_smartcards",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => post(k, "/api/v1/org/modifysmartcard", { email_id: t.id, smartcards: [{ number: `9${t.id}` }] }),
    done: async (_s, t) => (await smartcardsOf(t)).includes(`9${t.id}`),
  },
  {
    name: "DELETE /api/v1/org/user",
    audit: "member.delete",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => call("DELETE", `/api/v1/org/user?email_id=${t.id}`, k),
    done: (s) => s === null,
  },
  {
    name: "GraphQL updateUserAccountType",
    audit: "member.set_role",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => gql(k, `mutation { updateUserAccountType(uid: "${t.uid}", accountType: DEVELOPER) { ok code } }`),
    done: (s) => s?.role === "DEVELOPER",
  },
  {
    name: "GraphQL disableUser",
    audit: "member.remove",
    from: { status: "ACTIVE" },
    onHigher: true,
    call: (k, t) => gql(k, `mutation { disableUser(uid: "${t.uid}") { ok code } }`),
    done: (s) => s?.status === "DISABLED",
  },
];

let owners: string[] = [];
let turn = 0;
/** One of the account's SUPER keys, in turn. */
const ownerKey = () => owners[turn++ % owners.length];
let accountId = 0;

async function stateOf(t: Target): Promise<State | null> {
  const rows = await call("GET", `/api/v1/members?email=${encodeURIComponent(t.email)}&limit=5`, ownerKey());
  const row = rows.body.data.find((r: { id: number }) => r.id === t.id);
  if (!row) return null;
  const record = await call("GET", `/api/v1/account/accounts/${t.id}`, ownerKey());
  return { role: row.role, status: row.status, middleName: record.body.middleName, title: record.body.title };
}
async function orgUser(t: Target) {
  return (await call("GET", `/api/v1/org/user?email_id=${t.id}`, ownerKey())).body;
}
const usernamesOf = async (t: Target): Promise<string[]> => (await orgUser(t)).computer_usernames ?? [];
const smartcardsOf = async (t: Target): Promise<string[]> =>
  ((await orgUser(t)).smartcards ?? []).map((c: { number: string }) => c.number);

/** A member with this role in this state, made as a real client would (REQUESTED: the mailed join link). */
async function target(role: Role, status: Status): Promise<Target> {
  const email = uniqueEmail(`target-${role.toLowerCase()}`);
  let id: number;
  let key = "";
  if (status === "REQUESTED") {
    await api("POST", "/api/v1/join-requests", { body: { account_id: accountId, email }, headers: address() });
    const token = await mailedToken(email, "/join/confirm");
    const confirmed = await api("POST", "/api/v1/join-requests/confirm", {
      headers: address(),
      body: { token, password: "join-password-1" },
    });
    if (confirmed.status !== 201) throw new Error(confirmed.text);
    id = confirmed.body.user_id;
  } else {
    const added = await post(ownerKey(), "/api/v1/account/users", { email, role });
    if (added.status !== 201) throw new Error(added.text);
    id = added.body.user_id;
    key = added.body.api_key;
    if (status === "SUSPENDED") await post(ownerKey(), "/api/v1/org/togglesuspension", { email_id: id });
  }
  const uid = (await call("GET", `/api/v1/user?user_id=${id}`, ownerKey())).body.uid;
  return { id, key, email, uid };
}

describe("allowed operations are performed on every kind of target", () => {
  it("an ADMIN and a SUPER change regular members, ADMINs and SUPERs as SPEC §2 says", {
    timeout: 180_000,
  }, async () => {
    const own = await newAccount("Targets");
    accountId = own.accountId;
    owners = [own.apiKey];
    for (let i = 0; i < 5; i++)
      owners.push(
        (await post(own.apiKey, "/api/v1/account/users", { email: uniqueEmail("reader"), role: "SUPER" })).body.api_key,
      );
    const admin = (await post(ownerKey(), "/api/v1/account/users", { email: uniqueEmail("caller"), role: "ADMIN" }))
      .body;
    const superCaller = (
      await post(ownerKey(), "/api/v1/account/users", { email: uniqueEmail("caller"), role: "SUPER" })
    ).body;
    const callers = [
      { name: "ADMIN", key: admin.api_key as string, userId: admin.user_id as number },
      { name: "SUPER", key: superCaller.api_key as string, userId: superCaller.user_id as number },
    ];
    // On PostgreSQL the audit log is read too: a performed call wrote exactly one event, a refused one none.
    const databaseUrl = inject("databaseUrl");
    const db = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
    await db?.connect();
    const lastEvent = async () =>
      db ? ((await db.query(`SELECT coalesce(max(id), 0)::int AS id FROM "AuditEvent"`)).rows[0].id as number) : 0;
    const eventsSince = async (id: number, actorUserId: number) =>
      db
        ? ((
            await db.query(
              `SELECT action, "targetId" FROM "AuditEvent" WHERE id > $1 AND "accountId" = $2 AND "actorUserId" = $3`,
              [id, accountId, actorUserId],
            )
          ).rows as { action: string; targetId: string }[])
        : null;
    const failures: string[] = [];
    let cases = 0;
    for (const op of OPS) {
      const roles: Role[] = op.onHigher ? [op.from.role ?? "REGULAR", "ADMIN", "SUPER"] : [op.from.role ?? "REGULAR"];
      for (const role of [...new Set(roles)]) {
        for (const caller of callers) {
          const t = await target(role, op.from.status);
          const before = await stateOf(t);
          const mark = await lastEvent();
          const r = await op.call(caller.key, t);
          const events = await eventsSince(mark, caller.userId);
          cases++;
          const after = await stateOf(t);
          const label = `${op.name} by ${caller.name} on a ${op.from.status} ${role} → ${r.status} ${r.text.slice(0, 100)}`;
          const refused = r.status >= 400 || JSON.stringify(r.body?.data ?? {}).includes('"ok":false');
          if (role === "SUPER" && caller.name === "ADMIN") {
            if (!refused) failures.push(`${label}: an ADMIN acted on a SUPER`);
            if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${label}: the SUPER changed`);
            if (r.status !== 403 && !JSON.stringify(r.body).includes("forbidden")) failures.push(`${label}: not a 403`);
            if (events?.length) failures.push(`${label}: a refusal wrote ${JSON.stringify(events)}`);
          } else {
            if (refused) failures.push(`${label}: refused`);
            else if (!(await op.done(after, t))) failures.push(`${label}: answered ${r.status} but not performed`);
            if (events && !(events.length === 1 && events[0].action === op.audit))
              failures.push(`${label}: wrote ${JSON.stringify(events)}, not one ${op.audit}`);
          }
        }
      }
    }
    await db?.end();
    console.log(`target matrix: ${cases} cases${db ? " (audit events read)" : ""}, ${failures.length} failures`);
    expect(failures).toEqual([]);
  });
});
