// Seed 001: /api/v1/org/*, in JSON, form and query forms.
import { describe, expect, it } from "vitest";
import { adminCommand, api, baseUrl, expectError, newAccount, newMember } from "./setup/client";

/** Sends params as a form body, lists as serialized JSON strings (as seed 001 says). */
async function form(method: string, path: string, key: string, params: Record<string, unknown>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) body.set(k, typeof v === "string" ? v : JSON.stringify(v));
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

const json = (method: string, path: string, key: string, body: Record<string, unknown>) =>
  api(method, path, { key, body });
const FORMS = { json, form } as const;

describe.each(Object.entries(FORMS))("seed 001 endpoints with %s bodies", (_name, send) => {
  it("modifyrank sets a rank; refuses an unknown rank and missing ids", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const r = await send("POST", "/api/v1/org/modifyrank", acct.apiKey, { admin_user_id: m.userId, rank: "ADMIN" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ success: `User ${m.email} is now ADMIN` });
    expect(
      (await send("POST", "/api/v1/org/modifyrank", acct.apiKey, { admin_user_id: String(m.userId), rank: "super" }))
        .body.success,
    ).toContain("SUPER");
    const bad = await send("POST", "/api/v1/org/modifyrank", acct.apiKey, {
      admin_user_id: m.userId,
      rank: "OVERLORD",
    });
    expectError(bad, 400, "invalid_input");
    expect(bad.body.details[0].field).toBe("rank");
    expectError(await send("POST", "/api/v1/org/modifyrank", acct.apiKey, { rank: "ADMIN" }), 400, "invalid_input");
  });

  it("promoteguest promotes a GUEST and refuses anyone else", async () => {
    const acct = await newAccount();
    const g = await newMember(acct.apiKey, "GUEST");
    const r = await send("POST", "/api/v1/org/promoteguest", acct.apiKey, { email_id: g.userId });
    expect(r.status).toBe(200);
    expect(r.body.success).toContain(g.email);
    expectError(
      await send("POST", "/api/v1/org/promoteguest", acct.apiKey, { email_id: g.userId }),
      409,
      "invalid_transition",
    );
  });

  it("togglesuspension flips ACTIVE and SUSPENDED", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    expect(
      (await send("POST", "/api/v1/org/togglesuspension", acct.apiKey, { email_id: m.userId })).body.success,
    ).toMatch(/SUSPENDED$/);
    expect(
      (await send("POST", "/api/v1/org/togglesuspension", acct.apiKey, { email_id: m.userId })).body.success,
    ).toMatch(/ACTIVE$/);
    expectError(
      await send("POST", "/api/v1/org/togglesuspension", acct.apiKey, { email_id: acct.userId }),
      409,
      "cannot_target_self",
    );
  });

  it("modifysmartcard replaces the list; digits only; duplicates only with allow_duplicates; [] deletes all", async () => {
    const acct = await newAccount();
    const a = await newMember(acct.apiKey);
    const b = await newMember(acct.apiKey);
    const set = (userId: number, smartcards: unknown, extra: Record<string, unknown> = {}) =>
      send("POST", "/api/v1/org/modifysmartcard", acct.apiKey, { email_id: userId, smartcards, ...extra });
    expect((await set(a.userId, [{ number: "123456", label: "Test" }, { number: "777" }])).status).toBe(200);
    const got = await api("GET", `/api/v1/org/modifysmartcard?email_id=${a.userId}`, { key: acct.apiKey });
    expect(got.body).toEqual({
      email_id: a.userId,
      smartcards: [
        { label: "Test", number: "123456" },
        { label: null, number: "777" },
      ],
    });

    const nonDigit = await set(a.userId, [{ number: "12a4" }]);
    expectError(nonDigit, 400, "invalid_input");
    expect(nonDigit.body.details[0].field).toMatch(/^smartcards/);
    expectError(await set(b.userId, [{ number: "123456" }]), 409, "duplicate_smartcard");
    expectError(await set(b.userId, [{ number: "5" }, { number: "5" }]), 409, "duplicate_smartcard");
    expect((await set(b.userId, [{ number: "123456" }], { allow_duplicates: true })).status).toBe(200);
    expect((await set(b.userId, [{ number: "5" }, { number: "5" }], { allow_duplicates: "true" })).status).toBe(200);

    expect((await set(a.userId, [])).status).toBe(200);
    expect(
      (await api("GET", `/api/v1/org/modifysmartcard?email_id=${a.userId}`, { key: acct.apiKey })).body.smartcards,
    ).toEqual([]);
    expectError(await set(a.userId, "not json"), 400, "invalid_input");
  });

  it("modifyallusernames replaces computer usernames and validates them", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const set = (list: unknown) =>
      send("POST", "/api/v1/org/modifyallusernames", acct.apiKey, { email_id: m.userId, computer_usernames: list });
    expect((await set([{ computer_username: "jdeveloper" }, { computer_username: "j.dev-2" }])).status).toBe(200);
    let detail = await api("GET", `/api/v1/org/user?email_id=${m.userId}`, { key: acct.apiKey });
    expect(detail.body.computer_usernames).toEqual(["jdeveloper", "j.dev-2"]);
    expectError(await set([{ computer_username: "has space" }]), 400, "invalid_input");
    expectError(await set([{ computer_username: "x".repeat(80) }]), 400, "invalid_input");
    expectError(await set([{ computer_username: "dup" }, { computer_username: "dup" }]), 400, "invalid_input");
    expect((await set([])).status).toBe(200);
    detail = await api("GET", `/api/v1/org/user?email_id=${m.userId}`, { key: acct.apiKey });
    expect(detail.body.computer_usernames).toEqual([]);
  });
});

describe("GET /api/v1/org/multipleusers", () => {
  it("lists every field the seed lists; user_tag=GUEST gives the guests; email=true adds the email to name", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const g = await newMember(acct.apiKey, "GUEST");
    const group = await api("POST", "/api/v1/groups", {
      key: acct.apiKey,
      body: { name: "Employees", members: [m.userId] },
    });
    expect(group.status).toBe(201);
    await api("POST", "/api/v1/org/modifysmartcard", {
      key: acct.apiKey,
      body: { email_id: m.userId, smartcards: [{ number: "42" }] },
    });

    const r = await api("GET", "/api/v1/org/multipleusers", { key: acct.apiKey });
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(3);
    const row = r.body.find((u: { user_id: number }) => u.user_id === m.userId);
    expect(Object.keys(row).sort()).toEqual(
      [
        "ad_status",
        "active_date",
        "confirmed",
        "created",
        "device_added",
        "email",
        "email_id",
        "email_status",
        "first_name",
        "groups",
        "last_name",
        "name",
        "user_id",
        "username",
        "unique_id",
      ].sort(),
    );
    expect(row).toMatchObject({
      ad_status: "ACTIVE",
      email: m.email,
      email_id: m.userId,
      email_status: "UNCONFIRMED",
      first_name: "REGULAR",
      last_name: "Tester",
      name: "REGULAR Tester",
      groups: [["Employees"]],
    });
    expect(row.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(row.device_added).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(row.unique_id).toMatch(/^[0-9a-f]{64}$/);

    const guests = await api("GET", "/api/v1/org/multipleusers?user_tag=GUEST", { key: acct.apiKey });
    expect(guests.body.map((u: { user_id: number }) => u.user_id)).toEqual([g.userId]);
    const withEmail = await api("GET", "/api/v1/org/multipleusers?email=true", { key: acct.apiKey });
    expect(withEmail.body.find((u: { user_id: number }) => u.user_id === m.userId).name).toBe(
      `REGULAR Tester <${m.email}>`,
    );
    expectError(
      await api("GET", "/api/v1/org/multipleusers?user_tag=BOSS", { key: acct.apiKey }),
      400,
      "invalid_input",
    );
  });

  it("streams every user across read batches, in user id order, and answers slices with page and limit", async () => {
    const acct = await newAccount();
    const added: number[] = [acct.userId];
    const csv = Array.from({ length: 1_201 }, (_, i) => `bulk-${i}-${Date.now()}@example.test,B,${i}`);
    const file = `/tmp/multipleusers-${Date.now()}.csv`;
    (await import("node:fs")).writeFileSync(file, `email,firstName,lastName\n${csv.join("\n")}\n`);
    await adminCommand(["import-members", "--account", String(acct.accountId), "--csv", file]);
    const all = await api("GET", "/api/v1/org/multipleusers", { key: acct.apiKey });
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toContain("application/json");
    const ids = all.body.map((u: { user_id: number }) => u.user_id);
    expect(ids).toHaveLength(1_202);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(1_202);
    expect(ids[0]).toBe(added[0]);
    const slice = await api("GET", "/api/v1/org/multipleusers?page=3&limit=500", { key: acct.apiKey });
    expect(slice.body.map((u: { user_id: number }) => u.user_id)).toEqual(ids.slice(1_000, 1_500));
    const past = await api("GET", "/api/v1/org/multipleusers?page=99&limit=500", { key: acct.apiKey });
    expect(past.body).toEqual([]);
    expectError(await api("GET", "/api/v1/org/multipleusers?limit=0", { key: acct.apiKey }), 400, "invalid_input");
    expectError(await api("GET", "/api/v1/org/multipleusers?limit=20000", { key: acct.apiKey }), 400, "invalid_input");
  });
});

describe("GET and DELETE /api/v1/org/user", () => {
  it("GET shows policies (direct and through groups), computer usernames and smartcards", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const group = await api("POST", "/api/v1/groups", { key: acct.apiKey, body: { name: "Ops", members: [m.userId] } });
    await api("POST", "/api/v1/policies", { key: acct.apiKey, body: { name: "test_policy", members: [m.userId] } });
    await api("POST", "/api/v1/policies", { key: acct.apiKey, body: { name: "asdf", groups: [group.body.id] } });
    await api("POST", "/api/v1/org/modifysmartcard", {
      key: acct.apiKey,
      body: { email_id: m.userId, smartcards: [{ number: "1", label: "Label" }] },
    });
    await api("POST", "/api/v1/org/modifyallusernames", {
      key: acct.apiKey,
      body: { email_id: m.userId, computer_usernames: [{ computer_username: "username" }] },
    });
    const r = await api("GET", `/api/v1/org/user?email_id=${m.userId}`, { key: acct.apiKey });
    expect(r.body).toEqual({
      policies: [["asdf"], ["test_policy"]],
      computer_usernames: ["username"],
      smartcards: [{ label: "Label", number: "1" }],
    });
  });

  it("DELETE by email_id or email (email_id wins) removes from groups and sole-assigned policies, keeps the user", async () => {
    const acct = await newAccount();
    const a = await newMember(acct.apiKey);
    const b = await newMember(acct.apiKey);
    const group = await api("POST", "/api/v1/groups", {
      key: acct.apiKey,
      body: { name: "Team", members: [a.userId, b.userId] },
    });
    const solo = await api("POST", "/api/v1/policies", {
      key: acct.apiKey,
      body: { name: "solo", members: [a.userId] },
    });
    const shared = await api("POST", "/api/v1/policies", {
      key: acct.apiKey,
      body: { name: "shared", members: [a.userId, b.userId] },
    });

    const del = await api("DELETE", `/api/v1/org/user?email_id=${a.userId}&email=${encodeURIComponent(b.email)}`, {
      key: acct.apiKey,
    });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ success: `User ${a.email}/ was successfully deleted from your organization.` });
    expect((await api("GET", `/api/v1/groups/${group.body.id}`, { key: acct.apiKey })).body.members).toEqual([
      b.userId,
    ]);
    expectError(await api("GET", `/api/v1/policies/${solo.body.id}`, { key: acct.apiKey }), 404);
    expect((await api("GET", `/api/v1/policies/${shared.body.id}`, { key: acct.apiKey })).body.members).toEqual([
      b.userId,
    ]);
    expectError(await api("GET", `/api/v1/org/user?email_id=${a.userId}`, { key: acct.apiKey }), 404);

    // the global user is kept: the same email can be added again and keeps its id
    const again = await api("POST", "/api/v1/account/users", { key: acct.apiKey, body: { email: a.email } });
    expect(again.body.user_id).toBe(a.userId);

    const byEmail = await form("DELETE", "/api/v1/org/user", acct.apiKey, { email: b.email });
    expect(byEmail.status).toBe(200);
    expectError(await api("DELETE", "/api/v1/org/user", { key: acct.apiKey }), 400, "bad_request");
  });
});

describe("tenant isolation", () => {
  it("another account's email_id is not found on every org endpoint", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const theirs = await newMember(b.apiKey);
    const calls = [
      api("POST", "/api/v1/org/modifyrank", { key: a.apiKey, body: { admin_user_id: theirs.userId, rank: "ADMIN" } }),
      api("POST", "/api/v1/org/promoteguest", { key: a.apiKey, body: { email_id: theirs.userId } }),
      api("POST", "/api/v1/org/togglesuspension", { key: a.apiKey, body: { email_id: theirs.userId } }),
      api("POST", "/api/v1/org/modifysmartcard", { key: a.apiKey, body: { email_id: theirs.userId, smartcards: [] } }),
      api("GET", `/api/v1/org/modifysmartcard?email_id=${theirs.userId}`, { key: a.apiKey }),
      api("POST", "/api/v1/org/modifyallusernames", {
        key: a.apiKey,
        body: { email_id: theirs.userId, computer_usernames: [] },
      }),
      api("GET", `/api/v1/org/user?email_id=${theirs.userId}`, { key: a.apiKey }),
      api("DELETE", `/api/v1/org/user?email_id=${theirs.userId}`, { key: a.apiKey }),
      api("DELETE", `/api/v1/org/user?email=${encodeURIComponent(theirs.email)}`, { key: a.apiKey }),
    ];
    for (const r of await Promise.all(calls)) expectError(r, 404, "not_found");
    const list = await api("GET", "/api/v1/org/multipleusers", { key: a.apiKey });
    expect(list.text).not.toContain(theirs.email);
  });

  it("groups and policies of another account are not found, and cannot take its members", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const theirs = await newMember(b.apiKey);
    const theirGroup = await api("POST", "/api/v1/groups", { key: b.apiKey, body: { name: "Theirs" } });
    expectError(await api("GET", `/api/v1/groups/${theirGroup.body.id}`, { key: a.apiKey }), 404);
    expectError(await api("DELETE", `/api/v1/groups/${theirGroup.body.id}`, { key: a.apiKey }), 404);
    expectError(
      await api("POST", "/api/v1/groups", { key: a.apiKey, body: { name: "Mine", members: [theirs.userId] } }),
      404,
    );
    expectError(
      await api("POST", "/api/v1/policies", { key: a.apiKey, body: { name: "Mine", groups: [theirGroup.body.id] } }),
      404,
    );
  });
});
