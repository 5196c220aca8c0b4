// Seed 002: POST /api/graphql.
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { api, baseUrl, newAccount, newMember, uniqueEmail } from "./setup/client";

async function gql(key: string, query: string, variables?: Record<string, unknown>, split = true) {
  const [keyId, secret] = key.split(".");
  const headers: Record<string, string> = split
    ? { "X-API-KEY": keyId, "X-API-SECRET": secret, "content-type": "application/json" }
    : { authorization: `Bearer ${key}`, "content-type": "application/json" };
  return api("POST", "/api/graphql", { headers, body: { query, variables } });
}

const LIST =
  "query ListUsers { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }";

describe("listUsers", () => {
  it("answers the seed's shape with active users and open invitations", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey, "DEVELOPER");
    const invited = uniqueEmail("inv");
    await api("POST", "/api/v1/account/users/invite", { key: acct.apiKey, body: { email: invited, role: "ADMIN" } });
    const r = await gql(acct.apiKey, LIST);
    expect(r.status).toBe(200);
    const data = r.body.data.listUsers;
    expect(data.ok).toBe(true);
    expect(data.activeUsers).toHaveLength(2);
    const dev = data.activeUsers.find((u: { email: string }) => u.email === m.email);
    expect(dev).toEqual({
      uid: expect.stringMatching(/^[0-9a-f]{64}$/),
      email: m.email,
      name: "DEVELOPER Tester",
      accountType: "DEVELOPER",
    });
    expect(data.invitedUsers).toEqual([{ email: invited, accountType: "ADMIN", inviteStatus: "ACTIVE" }]);
  });

  it("pages so a large account is never one unbounded list", async () => {
    const acct = await newAccount();
    for (let i = 0; i < 3; i++) await newMember(acct.apiKey);
    const r = await gql(
      acct.apiKey,
      "{ listUsers(page: 2, perPage: 2) { ok totalActiveUsers activeUsers { email } } }",
      undefined,
      false,
    );
    expect(r.body.data.listUsers.totalActiveUsers).toBe(4);
    expect(r.body.data.listUsers.activeUsers).toHaveLength(2);
    // Seed 002's clients read ok: invalid arguments are a refusal with a reason, not a missing data.
    const tooMany = await gql(acct.apiKey, "{ listUsers(perPage: 1000) { ok reason code } }");
    expect(tooMany.body.data.listUsers).toMatchObject({ ok: false, code: "invalid_input" });
    expect(tooMany.body.data.listUsers.reason).toContain("perPage");
  });

  it("a GUEST gets ok: false with a reason", async () => {
    const acct = await newAccount();
    const guest = await newMember(acct.apiKey, "GUEST");
    const r = await gql(guest.apiKey, "{ listUsers { ok reason activeUsers { uid } } }");
    expect(r.body.data.listUsers).toMatchObject({ ok: false, activeUsers: [] });
    expect(r.body.data.listUsers.reason).toContain("GUEST");
  });
});

describe("mutations", () => {
  it("inviteUser works inline and with variables; a second invite is ok: false", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("alice");
    const inline = await gql(
      acct.apiKey,
      `mutation InviteUser { inviteUser(email: "${email}", accountType: DEVELOPER) { ok } }`,
    );
    expect(inline.body).toEqual({ data: { inviteUser: { ok: true } } });
    const again = await gql(
      acct.apiKey,
      "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok reason code } }",
      { email, accountType: "DEVELOPER" },
    );
    expect(again.body.data.inviteUser).toMatchObject({ ok: false, code: "already_invited" });
    const badEmail = await gql(
      acct.apiKey,
      'mutation { inviteUser(email: "nope", accountType: REGULAR) { ok reason code } }',
    );
    expect(badEmail.status).toBe(200);
    expect(badEmail.body.errors).toBeUndefined();
    expect(badEmail.body.data.inviteUser).toMatchObject({ ok: false, code: "invalid_input" });
    expect(badEmail.body.data.inviteUser.reason).toMatch(/email/i);
    const badEnum = await gql(acct.apiKey, 'mutation { inviteUser(email: "a@b.co", accountType: OWNER) { ok } }');
    expect(badEnum.body.errors[0].message).toContain("UserAccountType");
  });

  it("updateUserAccountType and disableUser act by uid; unknown and foreign uids are ok: false", async () => {
    const acct = await newAccount();
    const m = await newMember(acct.apiKey);
    const list = await gql(acct.apiKey, LIST);
    const uid = list.body.data.listUsers.activeUsers.find((u: { email: string }) => u.email === m.email).uid;
    const upd = await gql(
      acct.apiKey,
      "mutation UpdateUserAccountType($uid: String!, $accountType: UserAccountType!) { updateUserAccountType(uid: $uid, accountType: $accountType) { ok } }",
      { uid, accountType: "DEVELOPER" },
    );
    expect(upd.body.data.updateUserAccountType.ok).toBe(true);
    expect(
      (await api("GET", "/api/v1/account", { key: acct.apiKey })).body.users.find(
        (u: { user_id: number }) => u.user_id === m.userId,
      ).role,
    ).toBe("DEVELOPER");

    const dis = await gql(acct.apiKey, `mutation DisableUser { disableUser(uid: "${uid}") { ok } }`);
    expect(dis.body.data.disableUser.ok).toBe(true);
    expect((await api("GET", "/api/v1/user", { key: m.apiKey })).status).toBe(401);

    const unknown = await gql(acct.apiKey, `mutation { disableUser(uid: "${"0".repeat(64)}") { ok reason code } }`);
    expect(unknown.body.data.disableUser).toMatchObject({ ok: false, code: "not_found" });
    const other = await newAccount();
    const foreign = await gql(
      other.apiKey,
      `mutation { updateUserAccountType(uid: "${uid}", accountType: ADMIN) { ok code } }`,
    );
    expect(foreign.body.data.updateUserAccountType).toEqual({ ok: false, code: "not_found" });
    const malformed = await gql(acct.apiKey, 'mutation { disableUser(uid: "xyz") { ok code } }');
    expect(malformed.body.data.disableUser).toEqual({ ok: false, code: "invalid_input" });

    const self = await gql(acct.apiKey, LIST);
    const ownerUid = self.body.data.listUsers.activeUsers.find(
      (u: { accountType: string }) => u.accountType === "SUPER",
    ).uid;
    const selfDisable = await gql(acct.apiKey, `mutation { disableUser(uid: "${ownerUid}") { ok code } }`);
    expect(selfDisable.body.data.disableUser).toEqual({ ok: false, code: "cannot_target_self" });
  });
});

describe("limits and auth", () => {
  it("refuses unauthenticated calls with 401 and bounds depth and cost", async () => {
    const noAuth = await api("POST", "/api/graphql", { body: { query: "{ listUsers { ok } }" } });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");

    const acct = await newAccount();
    const aliases = Array.from(
      { length: 300 },
      (_, i) => `a${i}: listUsers { ok activeUsers { uid email name accountType } }`,
    ).join(" ");
    const costly = await gql(acct.apiKey, `{ ${aliases} }`);
    expect(costly.status).toBeLessThan(500);
    expect(costly.body.errors?.length).toBeGreaterThan(0);
    expect(costly.body.data?.a0).toBeUndefined();

    let deep = "name";
    for (let i = 0; i < 30; i++) deep = `ofType { ${deep} }`;
    const tooDeep = await gql(acct.apiKey, `{ __schema { types { fields { type { ${deep} } } } } }`);
    expect(tooDeep.status).toBeLessThan(500);
    expect(tooDeep.body.errors?.[0]?.message ?? "").toMatch(/depth/i);

    // Introspection is bounded by lists, not by the depth of 15: a query that nests lists is refused.
    const wide = await gql(acct.apiKey, "{ __schema { types { fields { args { type { fields { name } } } } } } }");
    expect(wide.body.errors?.[0]?.message ?? "").toMatch(/introspection/i);
    // Aliased copies of the whole schema in one answer are refused too.
    const copies = Array.from({ length: 50 }, (_, i) => `s${i}: __schema { ...All }`).join(" ");
    const amplified = await gql(
      acct.apiKey,
      `{ ${copies} } fragment All on __Schema { types { name fields { name } } }`,
    );
    expect(amplified.body.data).toBeUndefined();
    expect(amplified.body.errors?.[0]?.message ?? "").toMatch(/at most 3 introspection/);

    const introspection = await gql(acct.apiKey, '{ __type(name: "UserAccountType") { enumValues { name } } }');
    expect(introspection.body.data.__type.enumValues.map((v: { name: string }) => v.name)).toEqual([
      "GUEST",
      "REGULAR",
      "DEVELOPER",
      "ADMIN",
      "SUPER",
    ]);
  });
});

describe("what GraphQL tools send", () => {
  it("answers the standard introspection query (GraphiQL, Apollo, codegen) with the schema served as SDL", async () => {
    const acct = await newAccount();
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const r = await gql(acct.apiKey, query);
    expect(r.body.errors).toBeUndefined();
    const fromIntrospection = buildClientSchema(r.body.data);
    const sdl = await fetch(`${baseUrl()}/api/graphql/schema.graphql`);
    expect(sdl.status).toBe(200);
    expect(sdl.headers.get("content-type")).toContain("text/plain");
    const text = await sdl.text();
    expect(text).toContain("type Mutation");
    expect(printSchema(buildSchema(text))).toBe(printSchema(fromIntrospection));
  });
});
