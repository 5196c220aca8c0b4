// /api/v1/members (the console's table) and its CSV export.
import { describe, expect, it } from "vitest";
import { api, expectError, newAccount, newMember } from "./setup/client";

describe("GET /api/v1/members", () => {
  it("filters by status, role and group, searches, sorts and pages", async () => {
    const acct = await newAccount();
    const a = await newMember(acct.apiKey, "ADMIN");
    const b = await newMember(acct.apiKey, "GUEST");
    await api("POST", "/api/v1/org/togglesuspension", { key: acct.apiKey, body: { email_id: a.userId } });
    const group = await api("POST", "/api/v1/groups", {
      key: acct.apiKey,
      body: { name: "G", members: [acct.userId] },
    });
    const get = (q: string) => api("GET", `/api/v1/members?${q}`, { key: acct.apiKey });

    const all = await get("sort=id");
    expect(all.body.pagination.total).toBe(3);
    expect(Object.keys(all.body.data[0])).toEqual([
      "id",
      "uid",
      "email",
      "firstName",
      "lastName",
      "displayName",
      "title",
      "department",
      "role",
      "status",
      "statusCode",
      "createdAt",
      "activeDate",
      "lastActiveAt",
      "secondFactor",
    ]);
    // Nobody here has a second factor: the filter finds them all one way and none the other.
    expect((await get("secondFactor=false")).body.pagination.total).toBe(3);
    expect((await get("secondFactor=true")).body.pagination.total).toBe(0);
    expect((await get("status=SUSPENDED")).body.data.map((m: { id: number }) => m.id)).toEqual([a.userId]);
    expect((await get("role=guest,admin&sort=-id")).body.data.map((m: { id: number }) => m.id)).toEqual([
      b.userId,
      a.userId,
    ]);
    expect((await get(`group=${group.body.id}`)).body.data.map((m: { id: number }) => m.id)).toEqual([acct.userId]);
    expect((await get(`q=${b.email.slice(0, 10).toUpperCase()}`)).body.data.map((m: { id: number }) => m.id)).toEqual([
      b.userId,
    ]);
    const paged = await get("limit=2&sort=id");
    expect(paged.body.pagination).toMatchObject({
      totalPages: 2,
      count: 2,
      links: { next: "?page=2&limit=2&sort=id" },
    });

    expectError(await get("status=NAPPING"), 400);
    expectError(await get("sort=password"), 400);
    expectError(await get("group=abc"), 422);
    expectError(await get("colour=red"), 400);
  });

  it("tells admins when each member last used this account, and no one else", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct.apiKey, "REGULAR");
    const idle = await newMember(acct.apiKey, "GUEST");
    const other = await newAccount();
    const row = (body: { data: { id: number; lastActiveAt?: string | null }[] }, id: number) =>
      body.data.find((m) => m.id === id);

    // The regular member lists colleagues, without their activity.
    const seenByRegular = await api("GET", "/api/v1/members?sort=id", { key: regular.apiKey });
    expect(seenByRegular.status).toBe(200);
    expect(seenByRegular.body.data.every((m: object) => !("lastActiveAt" in m))).toBe(true);

    // Times are written in batches (every 5 s): the regular member's request shows up.
    let at: string | null | undefined;
    for (let i = 0; i < 30 && !at; i++) {
      await new Promise((r) => setTimeout(r, 500));
      at = row((await api("GET", "/api/v1/members?sort=id", { key: acct.apiKey })).body, regular.userId)?.lastActiveAt;
    }
    expect(Date.now() - Date.parse(at ?? "")).toBeLessThan(120_000);
    const admin = (await api("GET", "/api/v1/members?sort=id", { key: acct.apiKey })).body;
    expect(row(admin, idle.userId)?.lastActiveAt).toBeNull();
    // Another account's admin sees none of this account's members.
    const theirs = await api("GET", "/api/v1/members?sort=id", { key: other.apiKey });
    expect(theirs.body.data.map((m: { id: number }) => m.id)).not.toContain(regular.userId);
  });

  it("exports the same filter as CSV, every page, with formulas neutralized", async () => {
    const acct = await newAccount();
    await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body: { email: "csv@example.test", firstName: "=HYPERLINK(1)", lastName: 'Quote"d' },
    });
    const r = await api("GET", "/api/v1/members/export?sort=id", { key: acct.apiKey });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/csv");
    const lines = r.text.trim().split("\n");
    expect(lines[0]).toBe("id,email,firstName,lastName,role,status,title,department,createdAt");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`"'=HYPERLINK(1)","Quote""d"`);
    const regular = await newMember(acct.apiKey);
    expect((await api("GET", "/api/v1/members/export", { key: regular.apiKey })).status).toBe(200);
    const guest = await newMember(acct.apiKey, "GUEST");
    expectError(await api("GET", "/api/v1/members/export", { key: guest.apiKey }), 403);
  });
});
