// Read-modify-writes raced over HTTP on PostgreSQL: parallel requests on one
// resource, then the database itself is read. Every change a 2xx reported is
// kept; every winner wrote exactly one audit event; every loser got a 4xx
// with a code and wrote none.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, mailedToken, newAccount, newMember, uniqueEmail } from "./setup/client";
import { scimClient } from "./setup/scim";

const databaseUrl = inject("databaseUrl");
let db: pg.Client;

beforeAll(async () => {
  if (!databaseUrl) return;
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

let n = 0;
const address = () => ({ "x-forwarded-for": `198.21.${Math.floor(++n / 250) % 250}.${(n % 250) + 1}` });
const send = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
  api(method, path, { key, body, headers: { ...address(), ...headers } });

async function audits(accountId: number, action: string, targetId: string | number) {
  const r = await db.query(
    `SELECT id, "actorUserId" FROM "AuditEvent" WHERE "accountId" = $1 AND action = $2 AND "targetId" = $3 ORDER BY id`,
    [accountId, action, String(targetId)],
  );
  return r.rows as { id: number; actorUserId: number }[];
}

/** Fires every request at once (a shared start) and answers them in order. */
async function together<T>(calls: (() => Promise<T>)[]): Promise<T[]> {
  let go!: () => void;
  const start = new Promise<void>((r) => {
    go = r;
  });
  const running = calls.map(async (c) => {
    await start;
    return c();
  });
  go();
  return Promise.all(running);
}

const ok = (s: number) => s >= 200 && s < 300;

describe.runIf(databaseUrl)("races over HTTP (PostgreSQL)", () => {
  it("approve against deny: one wins with one audit event, the other is a 409 invalid_transition", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct.apiKey, "ADMIN");
    for (let round = 0; round < 5; round++) {
      const email = uniqueEmail("racer");
      await api("POST", "/api/v1/join-requests", { body: { account_id: acct.accountId, email }, headers: address() });
      const token = await mailedToken(email, "/join/confirm");
      const requested = await api("POST", "/api/v1/join-requests/confirm", {
        body: { token, password: "join-password-1" },
        headers: address(),
      });
      const id = requested.body.user_id;
      const [a, d] = await together([
        () => send("POST", "/api/v1/account/users/approve", acct.apiKey, { user_id: id }),
        () => send("POST", "/api/v1/account/users/deny", admin.apiKey, { user_id: id }),
      ]);
      expect([a.status, d.status].filter(ok)).toHaveLength(1);
      const loser = ok(a.status) ? d : a;
      expect(loser.status).toBe(409);
      expect(loser.body.code).toBe("invalid_transition");
      const events = [
        ...(await audits(acct.accountId, "member.approve", id)),
        ...(await audits(acct.accountId, "member.deny", id)),
      ];
      expect(events).toHaveLength(1);
    }
  });

  it("parallel custom-attribute PATCHes of one record keep every attribute, one audit event each", async () => {
    const acct = await newAccount();
    const keys = [
      acct.apiKey,
      ...(await Promise.all([1, 2, 3].map(async () => (await newMember(acct.apiKey, "ADMIN")).apiKey))),
    ];
    const created = await send("POST", "/api/v1/account/accounts", acct.apiKey, { email: uniqueEmail("attrs") });
    const id = created.body.id;
    const answers = await together(
      Array.from(
        { length: 8 },
        (_, i) => () =>
          send("PATCH", `/api/v1/account/accounts/${id}`, keys[i % keys.length], { [`attr${i}`]: i, title: `t${i}` }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    const read = await send("GET", `/api/v1/account/accounts/${id}`, acct.apiKey);
    for (let i = 0; i < 8; i++) expect(read.body[`attr${i}`]).toBe(i);
    expect(await audits(acct.accountId, "user.update", id)).toHaveLength(8);
  });

  it("parallel If-Match writes of one group and one policy: exactly one wins, the rest are 412 and write nothing", async () => {
    const acct = await newAccount();
    const members = await Promise.all([1, 2, 3, 4].map(() => newMember(acct.apiKey)));
    for (const kind of ["groups", "policies"] as const) {
      const created = await send("POST", `/api/v1/${kind}`, acct.apiKey, { name: `race-${kind}` });
      const etag = created.headers.get("etag") as string;
      const answers = await together(
        members.map(
          (m, i) => () =>
            send(
              "PUT",
              `/api/v1/${kind}/${created.body.id}`,
              acct.apiKey,
              { name: `race-${kind}-${i}`, members: [m.userId] },
              {
                "if-match": etag,
              },
            ),
        ),
      );
      const winners = answers.filter((r) => ok(r.status));
      expect(winners).toHaveLength(1);
      for (const r of answers.filter((x) => !ok(x.status))) {
        expect(r.status).toBe(412);
        expect(r.body.code).toBe("precondition_failed");
      }
      const read = await send("GET", `/api/v1/${kind}/${created.body.id}`, acct.apiKey);
      expect(read.body.members).toEqual(winners[0].body.members);
      const action = kind === "groups" ? "group.update" : "policy.update";
      expect(await audits(acct.accountId, action, created.body.id)).toHaveLength(1);
    }
  });

  it("parallel SCIM PATCHes of one user keep every attribute, one audit event each", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email);
    const email = uniqueEmail("scimrace");
    const user = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: email,
      emails: [{ value: email, primary: true }],
    });
    const attrs = ["title", "displayName", "nickName", "locale", "timezone", "profileUrl"];
    const answers = await together(
      attrs.map(
        (a) => () =>
          scim("PATCH", `/Users/${user.body.id}`, {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: [{ op: "replace", path: a, value: `v-${a}` }],
          }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(attrs.length).fill(200));
    const read = await scim("GET", `/Users/${user.body.id}`);
    for (const a of attrs) expect(read.body[a]).toBe(`v-${a}`);
    expect(await audits(acct.accountId, "user.update", user.body.id)).toHaveLength(attrs.length);
  });

  it("writes by an ADMIN demoted mid-flight: none commits after the demotion", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct.apiKey, "ADMIN");
    const targets = await Promise.all(Array.from({ length: 12 }, () => newMember(acct.apiKey)));
    const answers = await together([
      ...targets.map(
        (t) => () => send("PATCH", `/api/v1/account/accounts/${t.userId}`, admin.apiKey, { title: "by admin" }),
      ),
      () => send("POST", "/api/v1/account/users/demote", acct.apiKey, { user_id: admin.userId }),
    ]);
    const demotion = answers.at(-1)!;
    expect(demotion.status).toBe(200);
    for (const r of answers.slice(0, -1)) {
      if (!ok(r.status)) expect([401, 403]).toContain(r.status);
      if (!ok(r.status)) expect(typeof r.body.code).toBe("string");
    }
    const [demoted] = await audits(acct.accountId, "member.demote", admin.userId);
    const later = await db.query(
      `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "accountId" = $1 AND "actorUserId" = $2 AND id > $3`,
      [acct.accountId, admin.userId, demoted.id],
    );
    expect(later.rows[0].n).toBe(0);
    const writes = await db.query(
      `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "accountId" = $1 AND "actorUserId" = $2 AND action = 'user.update'`,
      [acct.accountId, admin.userId],
    );
    expect(writes.rows[0].n).toBe(answers.slice(0, -1).filter((r) => ok(r.status)).length);
  });
});
