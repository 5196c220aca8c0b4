// The audit log as CSV: the account's own events only, filtered like the
// console's form (a name or email for the actor, a category), admins only.
import { describe, expect, it } from "vitest";
import { api, expectError, newAccount, newMember } from "./setup/client";

/** A CSV answer's rows as objects (every cell is quoted by the export). */
function parse(text: string): Record<string, string>[] {
  const lines = text.trim().split("\n");
  const header = lines[0].split(",");
  return lines.slice(1).map((line) => {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"'));
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

describe("GET /api/v1/audit/export", () => {
  it("answers the account's events as CSV, filtered by actor words and category, never another account's", async () => {
    const acct = await newAccount("Audited");
    const other = await newAccount("Elsewhere");
    const a = await newMember(acct.apiKey, "REGULAR", { first_name: "Zoë", last_name: "Exportson" });
    await api("POST", "/api/v1/org/togglesuspension", { key: acct.apiKey, body: { email_id: a.userId } });
    await api("POST", "/api/v1/groups", { key: acct.apiKey, body: { name: "Exported group" } });
    await newMember(other.apiKey, "REGULAR", { first_name: "Not", last_name: "Mine" });

    const all = await api("GET", "/api/v1/audit/export", { key: acct.apiKey });
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parse(all.text);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(["member.add", "group.create"]));
    expect(all.text).not.toContain("Mine");
    const suspended = rows.find((r) => r.action === "member.toggle_suspension");
    expect(suspended).toMatchObject({ targetId: String(a.userId), targetName: "Zoë Exportson" });
    expect(JSON.parse(suspended?.after ?? "{}")).toMatchObject({ status: "SUSPENDED" });

    // The actor by words of an email (the account's SUPER did everything here), and a category.
    const mine = parse(
      (await api("GET", `/api/v1/audit/export?actor=${acct.email}&action=group.`, { key: acct.apiKey })).text,
    );
    expect(mine.map((r) => r.action)).toEqual(["group.create"]);
    const nobody = parse((await api("GET", "/api/v1/audit/export?actor=no-such-person", { key: acct.apiKey })).text);
    expect(nobody).toEqual([]);
  });

  it("refuses non-admins, unknown parameters and bad dates with a 4xx naming the problem", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct.apiKey, "REGULAR");
    expectError(await api("GET", "/api/v1/audit/export", { key: regular.apiKey }), 403, "forbidden");
    expectError(await api("GET", "/api/v1/audit/export?actorId=1", { key: acct.apiKey }), 400);
    expectError(await api("GET", "/api/v1/audit/export?from=yesterday", { key: acct.apiKey }), 422, "invalid_input");
    expectError(await api("GET", "/api/v1/audit/export?targetType=planet", { key: acct.apiKey }), 422, "invalid_input");
    expectError(await api("GET", "/api/v1/audit/export"), 401);
  });
});
