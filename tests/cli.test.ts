import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseApiKey } from "@/lib/platform/auth/api-key";
import { authenticateApiKey } from "@/lib/platform/auth/authenticate";
import { getDb } from "@/lib/platform/db/client";
import { acquirePgliteLock } from "@/lib/platform/db/pglite-lock";
import { uniqueEmail } from "./setup/fixtures";

const onPostgres = process.env.ROSTER_TEST_DB === "postgres";
const dataDir = mkdtempSync(path.join(tmpdir(), "roster-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `npm run admin -- …` as an operator would (no server running). */
function admin(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ROSTER_DATA_DIR: dataDir };
  if (!onPostgres) delete env.DATABASE_URL; // the embedded default: a PGlite folder under ROSTER_DATA_DIR
  const r = spawnSync(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/admin.ts", ...args],
    { env, encoding: "utf8", timeout: 60_000 },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("operator CLI", () => {
  it("create-account --json prints exactly one JSON object with accountId, userId and a working apiKey", async () => {
    const email = uniqueEmail("cli");
    const r = admin("create-account", "--name", "CLI Co", "--email", email, "--password", "cli-password-1", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["accountId", "apiKey", "userId"]);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    if (onPostgres) {
      const actor = await authenticateApiKey(parseApiKey(out.apiKey)!);
      expect(actor).toMatchObject({ accountId: out.accountId, userId: out.userId, role: "SUPER" });
    }
    const list = admin("list-accounts", "--json");
    expect(list.stderr).toBe("");
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: out.accountId, name: "CLI Co", active: 1 })]),
    );
    const reset = admin("reset-password", "--email", email, "--json");
    expect(JSON.parse(reset.stdout)).toMatchObject({ email, password: expect.any(String) });
  });

  it.runIf(onPostgres)(
    "each change a command makes writes exactly one audit event; a refused one writes none",
    async () => {
      const db = await getDb();
      const events = async (accountId: number) =>
        (
          await db.auditEvent.findMany({
            where: { accountId },
            orderBy: { id: "asc" },
            select: { action: true, actorKind: true },
          })
        ).map((e) => `${e.actorKind}:${e.action}`);
      const email = uniqueEmail("cliaudit");
      const created = JSON.parse(admin("create-account", "--name", "Audited Co", "--email", email, "--json").stdout);
      // An account and its owner's membership: one event each (member.created says how=owner).
      expect(await events(created.accountId)).toEqual(["system:account.create", "system:member.add_owner"]);
      admin("reset-password", "--email", email, "--password", "cli-password-2", "--json");
      admin("create-scim-token", "--account", String(created.accountId), "--email", email, "--label", "x", "--json");
      const csv = path.join(dataDir, "audit.csv");
      writeFileSync(csv, `email,firstName\n${uniqueEmail("row")},A\n${uniqueEmail("row")},B\n`);
      expect(admin("import-members", "--account", String(created.accountId), "--csv", csv, "--json").code).toBe(0);
      const refused = admin("import-members", "--account", String(created.accountId), "--csv", csv, "--json");
      expect(refused.code).toBe(1);
      // The operator acting for the admin is recorded as the CLI, not as the admin's session.
      expect(await events(created.accountId)).toEqual([
        "system:account.create",
        "system:member.add_owner",
        "cli:scim_token.create",
        "system:member.import",
        "system:member.import",
      ]);
      // A login belongs to no account: its reset is the person's event.
      const resets = await db.auditEvent.count({
        where: { action: "user.reset_password", targetId: String(created.userId) },
      });
      expect(resets).toBe(1);
    },
  );

  it("names the problem and exits 1 on bad input", () => {
    const r = admin("create-account", "--name", "X", "--email", "not-an-email");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("email");
    const u = admin("create-account", "--name", "X");
    expect(u.code).toBe(1);
    expect(u.stderr).toContain("--email");
    expect(admin("frobnicate").stderr).toContain("Unknown command: frobnicate");
    // An account id is read by the one id parser: past PostgreSQL's int, or not digits, it is a usage error.
    for (const account of ["99999999999", "0x10", "1e3"]) {
      const bad = admin("import-members", "--account", account, "--csv", "members.csv");
      expect(bad.code, account).toBe(1);
      expect(bad.stderr, account).toContain("import-members needs --account <id>");
    }
  });

  it.skipIf(onPostgres)("refuses, with a clear message, a PGlite folder another process holds", () => {
    const release = acquirePgliteLock(path.join(dataDir, "pglite"));
    try {
      const r = admin("list-accounts");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`is open in process ${process.pid}`);
    } finally {
      release();
    }
  });
});
