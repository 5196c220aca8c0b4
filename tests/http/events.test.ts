// The event stream over HTTP (issue 30): GET /api/v1/events after a change made
// through the API (the one-statement PATCH too), by type and from a point;
// admins only; another account's never; a bad filter named.
import { describe, expect, it } from "vitest";
import { api, expectError, newAccount, newMember } from "./setup/client";

describe("GET /api/v1/events", () => {
  it("answers the account's changes in order, by type and after a point; admins only; this account's only", async () => {
    const acct = await newAccount("Events");
    const m = await newMember(acct.apiKey, "REGULAR");
    const patched = await api("PATCH", "/api/v1/user", {
      key: acct.apiKey,
      body: { user_id: m.userId, middle_name: "Q" },
    });
    expect(patched.status).toBe(200);
    const all = await api("GET", "/api/v1/events", { key: acct.apiKey });
    expect(all.status).toBe(200);
    const seqs = all.body.data.map((e: { sequence: number }) => e.sequence);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    expect(all.body.next_after).toBe(seqs.length);
    const mine = all.body.data.filter(
      (e: { data: { target: { id: string } } }) => e.data.target.id === String(m.userId),
    );
    expect(mine.map((e: { type: string }) => e.type)).toEqual(["member.created", "member.updated"]);
    expect(mine[0]).toMatchObject({ version: 1, actor: { kind: "api_key" }, data: { how: "added" } });
    expect(mine[1].id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(mine[1].data).toMatchObject({ after: { middleName: "Q" } });

    const updates = await api("GET", `/api/v1/events?types=member.updated&after=${mine[0].sequence}&limit=5`, {
      key: acct.apiKey,
    });
    expect(updates.body.data.map((e: { id: string }) => e.id)).toEqual([mine[1].id]);
    const bad = await api("GET", "/api/v1/events?types=members.*", { key: acct.apiKey });
    expectError(bad, 422, "invalid_input");
    expect(bad.body.details[0].field).toBe("types");
    expectError(await api("GET", "/api/v1/events?after=-1", { key: acct.apiKey }), 422);
    expectError(await api("GET", "/api/v1/events", { key: m.apiKey }), 403, "forbidden");
    const other = await newAccount("Other");
    const theirs = await api("GET", "/api/v1/events", { key: other.apiKey });
    expect(JSON.stringify(theirs.body)).not.toContain(m.email);
  });
});
