// The fuzz oracle's view of an account: its rows in the server's PostgreSQL
// database, read directly — memberships with their versions, the people's
// logins and password hashes, credentials, invitations, devices, group and
// policy links, SCIM tokens and the audit count. A refused request must leave
// all of it as it was.
import pg from "pg";

/** Columns that change on every authenticated request, not by a write (last use of a key or token). */
const VOLATILE = new Set(["lastUsedAt", "lastSignInAt"]);

const QUERIES: [string, string][] = [
  ["account", `SELECT * FROM "Account" WHERE id = $1`],
  ["addresses", `SELECT * FROM "AccountAddress" WHERE "accountId" = $1 ORDER BY id`],
  ["phones", `SELECT * FROM "AccountPhone" WHERE "accountId" = $1 ORDER BY id`],
  ["memberships", `SELECT * FROM "Membership" WHERE "accountId" = $1 ORDER BY id`],
  [
    "people",
    `SELECT u.* FROM "User" u WHERE u.id IN (SELECT "userId" FROM "Membership" WHERE "accountId" = $1) ORDER BY u.id`,
  ],
  [
    "credentials",
    `SELECT k.* FROM "ApiCredential" k JOIN "Membership" m ON m.id = k."membershipId" WHERE m."accountId" = $1 ORDER BY k.id`,
  ],
  ["invitations", `SELECT * FROM "Invitation" WHERE "accountId" = $1 ORDER BY id`],
  ["groups", `SELECT * FROM "Group" WHERE "accountId" = $1 ORDER BY id`],
  [
    "groupMembers",
    `SELECT gm.* FROM "GroupMember" gm JOIN "Group" g ON g.id = gm."groupId" WHERE g."accountId" = $1 ORDER BY 1, 2`,
  ],
  ["policies", `SELECT * FROM "Policy" WHERE "accountId" = $1 ORDER BY id`],
  [
    "policyMembers",
    `SELECT pm.* FROM "PolicyMember" pm JOIN "Policy" p ON p.id = pm."policyId" WHERE p."accountId" = $1 ORDER BY 1, 2`,
  ],
  [
    "policyGroups",
    `SELECT pg.* FROM "PolicyGroup" pg JOIN "Policy" p ON p.id = pg."policyId" WHERE p."accountId" = $1 ORDER BY 1, 2`,
  ],
  [
    "smartcards",
    `SELECT s.* FROM "Smartcard" s JOIN "Membership" m ON m.id = s."membershipId" WHERE m."accountId" = $1 ORDER BY s.id`,
  ],
  [
    "computerUsernames",
    `SELECT c.* FROM "ComputerUsername" c JOIN "Membership" m ON m.id = c."membershipId" WHERE m."accountId" = $1 ORDER BY c.id`,
  ],
  ["scimTokens", `SELECT * FROM "ScimToken" WHERE "accountId" = $1 ORDER BY id`],
  ["audit", `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "accountId" = $1`],
  // The event stream: a refused request leaves no event, and the account's sequence stays.
  [
    "events",
    `SELECT (SELECT count(*)::int FROM "Event" WHERE "accountId" = $1) AS n,
            (SELECT "eventSequence" FROM "Account" WHERE id = $1) AS last`,
  ],
];

export class DbSnapshot {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<DbSnapshot> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new DbSnapshot(client);
  }

  /** The accounts' rows as one comparable text (volatile columns left out). */
  async of(accountIds: number[]): Promise<string> {
    const out: Record<string, unknown> = {};
    for (const id of accountIds)
      for (const [name, sql] of QUERIES) {
        const rows = (await this.client.query(sql, [id])).rows.map((r) =>
          Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k))),
        );
        out[`${id}.${name}`] = rows;
      }
    return JSON.stringify(out);
  }

  close() {
    return this.client.end();
  }
}
