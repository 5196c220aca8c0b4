// Seed 000: /api/v1/account, /api/v1/user, /api/v1/account/users/*.
import { describe, expect, it } from "vitest";
import { api, expectError, mailedToken, newAccount, newMember, uniqueEmail } from "./setup/client";

const MEMBER_FIELDS = [
  "user_id",
  "email",
  "first_name",
  "last_name",
  "role",
  "status",
  "status_code",
  "active_date",
  "created_at",
];

describe("GET /api/v1/account", () => {
  it("carries id, name, domain, organization id, token balance, addresses, phones and users with keys for admins", async () => {
    const acct = await newAccount("Initech");
    const regular = await newMember(acct.apiKey, "REGULAR");
    const admin = await newMember(acct.apiKey, "ADMIN");
    const r = await api("GET", "/api/v1/account", { key: admin.apiKey });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual([
      "id",
      "name",
      "domain",
      "organization_id",
      "token_balance",
      "addresses",
      "phones",
      "users",
      "users_page",
      "users_limit",
      "users_total",
    ]);
    expect(r.body).toMatchObject({
      id: acct.accountId,
      name: "Initech",
      token_balance: 0,
      addresses: [],
      phones: [],
      users_page: 1,
      users_limit: 100,
      users_total: 3,
    });
    expect(r.body.users).toHaveLength(3);
    const row = r.body.users.find((u: { user_id: number }) => u.user_id === regular.userId);
    expect(Object.keys(row)).toEqual([...MEMBER_FIELDS, "api_key"]);
    expect(row).toMatchObject({
      email: regular.email,
      role: "REGULAR",
      status: "ACTIVE",
      status_code: 1,
      api_key: regular.apiKey,
    });
    // The SUPER's row, looked at: no key for an ADMIN, and the key nowhere in the answer.
    const superRow = r.body.users.find((u: { role: string }) => u.role === "SUPER");
    expect(superRow).toBeDefined();
    expect(superRow).not.toHaveProperty("api_key");
    expect(r.text).not.toContain(acct.apiKey.split(".")[1]);

    const asRegular = await api("GET", "/api/v1/account", { key: regular.apiKey });
    expect(asRegular.status).toBe(200);
    expect(asRegular.body.users.every((u: Record<string, unknown>) => !("api_key" in u))).toBe(true);
    expect(asRegular.text).not.toContain(admin.apiKey);

    // A large account is walked page by page, in id order.
    const second = await api("GET", "/api/v1/account?users_page=2&users_limit=2", { key: admin.apiKey });
    expect(second.body).toMatchObject({ users_page: 2, users_limit: 2, users_total: 3 });
    expect(second.body.users.map((u: { user_id: number }) => u.user_id)).toEqual([admin.userId]);
    expectError(await api("GET", "/api/v1/account?users_limit=1001", { key: admin.apiKey }), 422, "invalid_input");
    expectError(await api("GET", "/api/v1/account?page=2", { key: admin.apiKey }), 400, "bad_request");

    const guest = await newMember(acct.apiKey, "GUEST");
    expectError(await api("GET", "/api/v1/account", { key: guest.apiKey }), 403, "forbidden");
  });
});

describe("GET and PATCH /api/v1/user", () => {
  it("answers the caller without membership data, and updates the seed's fields", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey, "GUEST");
    const me = await api("GET", "/api/v1/user", { key: m.apiKey });
    expect(me.status).toBe(200);
    const typo = await api("GET", "/api/v1/user?userid=1", { key: m.apiKey });
    expectError(typo, 400, "bad_request");
    expect(typo.body.error).toContain('did you mean "user_id"');
    expect(Object.keys(me.body)).toEqual([
      "user_id",
      "uid",
      "email",
      "first_name",
      "middle_name",
      "last_name",
      "person_id",
      "contribute_as",
      "terms_accepted",
      "terms_accepted_at",
    ]);
    expect(me.body).toMatchObject({
      user_id: m.userId,
      email: m.email,
      terms_accepted: false,
      terms_accepted_at: null,
    });
    expect(me.body.uid).toMatch(/^[0-9a-f]{64}$/);

    const patched = await api("PATCH", "/api/v1/user", {
      key: m.apiKey,
      body: { user_id: m.userId, middle_name: "Q", person_id: "P-1", contribute_as: "Editor", terms_accepted: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      middle_name: "Q",
      person_id: "P-1",
      contribute_as: "Editor",
      terms_accepted: true,
    });
    expect(Date.parse(patched.body.terms_accepted_at)).toBeGreaterThan(Date.now() - 60_000);

    // If-Match: the ETag of GET /user guards PATCH /user
    const tag = (await api("GET", "/api/v1/user", { key: m.apiKey })).headers.get("etag") as string;
    expect(
      (await api("PATCH", "/api/v1/user", { key: m.apiKey, body: { person_id: "P-2" }, headers: { "if-match": tag } }))
        .status,
    ).toBe(200);
    expectError(
      await api("PATCH", "/api/v1/user", { key: m.apiKey, body: { person_id: "P-3" }, headers: { "if-match": tag } }),
      412,
    );
    // a GUEST may not edit someone else
    expectError(
      await api("PATCH", "/api/v1/user", { key: m.apiKey, body: { user_id: acct.userId, first_name: "X" } }),
      403,
    );
    // an admin edits a member of this account only
    const edited = await api("PATCH", "/api/v1/user", {
      key: acct.apiKey,
      body: { user_id: m.userId, first_name: "Gus" },
    });
    expect(edited.body.first_name).toBe("Gus");
    expectError(
      await api("PATCH", "/api/v1/user", { key: acct.apiKey, body: { user_id: m.userId, shoe_size: 9 } }),
      422,
    );
    expectError(await api("PATCH", "/api/v1/user", { key: acct.apiKey, body: { user_id: "abc" } }), 422);
  });
});

describe("POST /api/v1/account/users (add) and /invite", () => {
  it("add answers the new ACTIVE member with a working API key; 409 the second time", async () => {
    const acct = await newAccount();
    const email = uniqueEmail();
    const r = await api("POST", "/api/v1/account/users", {
      key: acct.apiKey,
      body: { first_name: "Ada", last_name: "Lovelace", email },
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual([...MEMBER_FIELDS, "api_key"]);
    expect(r.body).toMatchObject({
      email,
      first_name: "Ada",
      last_name: "Lovelace",
      role: "REGULAR",
      status: "ACTIVE",
      status_code: 1,
    });
    expect((await api("GET", "/api/v1/user", { key: r.body.api_key })).body.email).toBe(email);
    expectError(
      await api("POST", "/api/v1/account/users", { key: acct.apiKey, body: { email } }),
      409,
      "already_member",
    );
    expectError(
      await api("POST", "/api/v1/account/users", { key: acct.apiKey, body: { first_name: "No email" } }),
      422,
    );
  });

  it("invite makes an INVITED member with a pending invitation and a link", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("inv");
    const r = await api("POST", "/api/v1/account/users/invite", {
      key: acct.apiKey,
      body: { first_name: "Ivy", last_name: "Ng", email },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ email, status: "INVITED", status_code: 2, invitation: { status: "PENDING" } });
    expect(r.body.invitation.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(r.body.invitation.expires_at)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expectError(await api("POST", "/api/v1/account/users/invite", { key: acct.apiKey, body: { email } }), 409);
  });
});

describe("POST /api/v1/account/users/{action}", () => {
  it("activate, remove, approve, deny, promote, demote answer the member; refused transitions are 409", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const act = (action: string, userId: unknown = m.userId) =>
      api("POST", `/api/v1/account/users/${action}`, { key: acct.apiKey, body: { user_id: userId } });

    const promoted = await act("promote");
    expect(Object.keys(promoted.body)).toEqual(MEMBER_FIELDS);
    expect(promoted.body).toMatchObject({ user_id: m.userId, role: "ADMIN" });
    expectError(await act("promote"), 409, "invalid_transition");
    expect((await act("demote")).body.role).toBe("REGULAR");
    expectError(await act("demote"), 409);
    expect((await act("remove")).body).toMatchObject({ status: "DISABLED", status_code: 4 });
    expectError(await act("approve"), 409);
    expectError(await act("deny"), 409);
    expect((await act("activate", String(m.userId))).body.status).toBe("ACTIVE");
    expectError(await act("remove", acct.userId), 409, "cannot_target_self");
    expectError(await act("promote", 999_999), 404);
    expectError(await act("promote", "x"), 422);
    expectError(await api("POST", "/api/v1/account/users/promote", { key: acct.apiKey, body: {} }), 422);
    expectError(await api("POST", "/api/v1/account/users/promote", { key: acct.apiKey, raw: "{not json" }), 400);
  });

  it("approve and deny act on requests to join (status 5)", async () => {
    const acct = await newAccount();
    // Anyone asks with an email; the request exists once the mailed link is followed.
    const ask = async () => {
      const email = uniqueEmail("asker");
      const sent = await api("POST", "/api/v1/join-requests", { body: { account_id: acct.accountId, email } });
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ account_id: acct.accountId, status: "CONFIRMATION_SENT" });
      const token = await mailedToken(email, "/join/confirm");
      return api("POST", "/api/v1/join-requests/confirm", { body: { token, password: "a long password" } });
    };
    const ra = await ask();
    expect(ra.status).toBe(201);
    expect(ra.body).toMatchObject({ account_id: acct.accountId, status: "REQUESTED", status_code: 5 });
    const a = { userId: ra.body.user_id };
    const b = { userId: (await ask()).body.user_id };
    const ok = await api("POST", "/api/v1/account/users/approve", { key: acct.apiKey, body: { user_id: a.userId } });
    expect(ok.body).toMatchObject({ status: "ACTIVE", status_code: 1 });
    const no = await api("POST", "/api/v1/account/users/deny", { key: acct.apiKey, body: { user_id: b.userId } });
    expect(no.body).toMatchObject({ status: "DECLINED", status_code: 6 });
  });

  it("refresh-api-key answers a new key; the old one fails at once", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const r = await api("POST", "/api/v1/account/users/refresh-api-key", {
      key: acct.apiKey,
      body: { user_id: m.userId },
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(["user_id", "api_key"]);
    expect(r.body.api_key).not.toBe(m.apiKey);
    expectError(await api("GET", "/api/v1/user", { key: m.apiKey }), 401, "unauthenticated");
    expect((await api("GET", "/api/v1/user", { key: r.body.api_key })).status).toBe(200);
  });

  it("a REGULAR member may not manage members (403) and an ADMIN may not touch a SUPER (403)", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct.apiKey);
    const admin = await newMember(acct.apiKey, "ADMIN");
    expectError(
      await api("POST", "/api/v1/account/users/promote", { key: regular.apiKey, body: { user_id: admin.userId } }),
      403,
      "forbidden",
    );
    expectError(
      await api("POST", "/api/v1/account/users/remove", { key: admin.apiKey, body: { user_id: acct.userId } }),
      403,
    );
    expectError(
      await api("POST", "/api/v1/account/users", { key: regular.apiKey, body: { email: uniqueEmail() } }),
      403,
    );
  });
});

describe("adding a person who has a login elsewhere (issue 27)", () => {
  it("answers the invitation, not a member with a key: they join only as themselves", async () => {
    const a = await newAccount("Has them");
    const b = await newAccount("Wants them");
    const r = await api("POST", "/api/v1/account/users", {
      key: b.apiKey,
      body: { email: a.email, first_name: "Olive" },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: "INVITED", first_name: "Olive", invitation: { status: "PENDING" } });
    expect(r.body.api_key).toBeUndefined();
    expect(typeof r.body.invitation.emailed).toBe("boolean");
    const fresh = await api("POST", "/api/v1/account/users", { key: b.apiKey, body: { email: uniqueEmail("new") } });
    expect(fresh.body).toMatchObject({ status: "ACTIVE" });
    expect(fresh.body.api_key).toMatch(/\./);
  });
});
