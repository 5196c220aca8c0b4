// The public join endpoint against every kind of existing person, and console
// sessions with a forged account cookie: the answers say nothing about who
// exists, and nothing of a person's login or another account moves.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { adminCommand, api, baseUrl, newAccount, newMember, uniqueEmail } from "./setup/client";
import { action, callAction, signIn } from "./setup/session";

let n = 0;
const address = () => ({ "x-forwarded-for": `198.22.${Math.floor(++n / 250) % 250}.${(n % 250) + 1}` });

async function loginRow(db: pg.Client | null, email: string) {
  if (!db) return null;
  const r = await db.query(
    `SELECT u.email, u."passwordHash", u."passwordAccountId", u."sessionVersion", u."confirmedAt",
            (SELECT json_agg(json_build_object('a', m."accountId", 's', m.status) ORDER BY m."accountId")
               FROM "Membership" m WHERE m."userId" = u.id) AS memberships
       FROM "User" u WHERE u.email = $1`,
    [email],
  );
  return r.rows[0] ?? null;
}

describe("public entry points and forged account cookies", () => {
  it("a join request answers alike for every kind of person and changes nobody's login", async () => {
    const databaseUrl = inject("databaseUrl");
    const db = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
    await db?.connect();
    const acct = await newAccount("Joinable");
    const elsewhere = await newAccount("Elsewhere");
    const withPassword = await newMember(elsewhere.apiKey);
    await adminCommand(["reset-password", "--email", withPassword.email, "--password", "regular-password-1"]);
    const withoutPassword = await newMember(elsewhere.apiKey, "ADMIN");
    const invited = uniqueEmail("invited");
    await api("POST", "/api/v1/account/users/invite", {
      key: acct.apiKey,
      body: { email: invited },
      headers: address(),
    });
    const member = await newMember(acct.apiKey);
    const people = {
      "a person with a password": withPassword.email,
      "a person without one": withoutPassword.email,
      "an invited person": invited,
      "a member already": member.email,
      "another account's SUPER": elsewhere.email,
      nobody: uniqueEmail("nobody"),
    };
    const answers: Record<string, string> = {};
    const actionAnswers: Record<string, string> = {};
    for (const [who, email] of Object.entries(people)) {
      const before = await loginRow(db, email);
      const r = await api("POST", "/api/v1/join-requests", {
        body: { account_id: acct.accountId, email },
        headers: address(),
      });
      expect(r.status, who).toBe(202);
      answers[who] = JSON.stringify(r.body);
      // The console's join page, as its server action is called without a session.
      const viaAction = await callAction(action("requestToJoinAction"), [{ accountId: acct.accountId, email }]);
      expect(viaAction.text, who).toContain('"ok":true');
      actionAnswers[who] = viaAction.text.replace(/^\d+:/gm, "");
      // The request waits for the mailed link: no login, membership or password moved.
      expect(await loginRow(db, email), who).toEqual(before);
    }
    expect(new Set(Object.values(answers)).size).toBe(1);
    expect(new Set(Object.values(actionAnswers)).size).toBe(1);
    // An invitation accepted with a token nobody was given: refused, nothing said about anyone.
    const forged = await callAction(action("acceptInvitationAction"), [
      { token: "a-token-nobody-was-given-0123456789abcdef", password: "squatter-password-1" },
    ]);
    expect(forged.text).toContain('"ok":false');
    await db?.end();
  });

  it("an account cookie naming an account the person is not in changes nothing they can reach", async () => {
    const mine = await newAccount("Mine");
    const theirs = await newAccount("Theirs");
    const mark = `cookiemark${Math.random().toString(36).slice(2, 8)}`;
    await api("POST", "/api/v1/account/accounts", {
      key: theirs.apiKey,
      body: { email: uniqueEmail(mark), firstName: mark },
      headers: address(),
    });
    const person = await newMember(mine.apiKey, "ADMIN");
    await adminCommand(["reset-password", "--email", person.email, "--password", "admin-password-1"]);
    const session = await signIn(person.email, "admin-password-1");
    const forgedCookies = [
      String(theirs.accountId),
      "0",
      "-1",
      "999999999",
      // Past PostgreSQL's int, or a number in another notation: read by the one id parser, never sent as is.
      "99999999999",
      "1e400",
      "0x10",
      "abc",
      `${theirs.accountId} `,
    ];
    for (const [i, forged] of forgedCookies.entries()) {
      const cookie = `${session}; roster-account=${encodeURIComponent(forged)}`;
      const account = await api("GET", "/api/v1/account", { headers: { cookie, ...address() } });
      expect(account.status, forged).toBe(200);
      expect(account.body.id, forged).toBe(mine.accountId);
      const records = await api("GET", "/api/v1/account/accounts?limit=100", { headers: { cookie, ...address() } });
      expect(records.text, forged).not.toContain(mark);
      // A write from the console's own origin lands in the person's own account, never in the one named.
      const write = await api("POST", "/api/v1/groups", {
        headers: { cookie, origin: baseUrl(), ...address() },
        body: { name: `cookie-${i}` },
      });
      expect(write.status, forged).toBe(201);
    }
    const theirGroups = await api("GET", "/api/v1/groups", { key: theirs.apiKey, headers: address() });
    expect(theirGroups.body.data).toEqual([]);
    const myGroups = await api("GET", "/api/v1/groups", { key: mine.apiKey, headers: address() });
    expect(myGroups.body.data).toHaveLength(forgedCookies.length);
  });
});
