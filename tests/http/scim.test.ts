// SCIM 2.0 as identity providers drive it: the request sequences Okta and
// Microsoft Entra ID send when provisioning, updating, deactivating and
// deprovisioning users and groups (written from their public documentation),
// each answer checked against RFC 7643/7644, and the result read back through
// the account's own API.
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, newAccount, newMember, uniqueEmail } from "./setup/client";
import { type ScimAnswer, scimClientFor, scimToken } from "./setup/scim";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

type Answer = ScimAnswer;
const client = scimClientFor;

/** RFC 7644 §3.12: schemas, status as a string, scimType where one applies. */
function expectScimError(r: Answer, status: number, scimType?: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.headers.get("content-type")).toContain("application/scim+json");
  expect(r.body.schemas).toEqual([ERROR]);
  expect(r.body.status).toBe(String(status));
  if (scimType) expect(r.body.scimType).toBe(scimType);
  expect(typeof r.body.detail).toBe("string");
}

/** RFC 7643 §3.1 common attributes and the User core schema. */
function expectUser(u: any) {
  expect(u.schemas).toContain(USER);
  expect(u.id).toMatch(/^\d+$/);
  expect(u.meta).toMatchObject({ resourceType: "User", location: `${baseUrl()}/scim/v2/Users/${u.id}` });
  expect(u.meta.version).toMatch(/^W\/"\d+"$/);
  expect(Number.isNaN(Date.parse(u.meta.created))).toBe(false);
  expect(Number.isNaN(Date.parse(u.meta.lastModified))).toBe(false);
  expect(typeof u.active).toBe("boolean");
}

let account: Awaited<ReturnType<typeof newAccount>>;
let scim: ReturnType<typeof client>;

beforeAll(async () => {
  account = await newAccount("Provisioned");
  scim = client(await scimToken(account.accountId, account.email));
});

describe("discovery and authentication", () => {
  it("serves ServiceProviderConfig, ResourceTypes and Schemas", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      etag: { supported: true },
    });
    const types = await scim("GET", "/ResourceTypes");
    expect(types.body.Resources.map((t: { id: string }) => t.id)).toEqual(["User", "Group"]);
    expect(types.body.Resources[0].schemaExtensions[0].schema).toBe(ENTERPRISE);
    const schemas = await scim("GET", "/Schemas");
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, GROUP, ENTERPRISE]);
  });

  it("refuses no token, an API key, a revoked or foreign token, with RFC 7644 errors", async () => {
    expectScimError(await client("")("GET", "/Users"), 401);
    expectScimError(await client(account.apiKey)("GET", "/Users"), 401);
    expectScimError(await client("rscim_not-a-real-token")("GET", "/Users"), 401);
    // A token is limited to SCIM: the public API does not take it.
    const token = await scimToken(account.accountId, account.email);
    const viaApi = await api("GET", "/api/v1/account", { headers: { authorization: `Bearer ${token}` } });
    expect(viaApi.status).toBe(401);
  });
});

describe("Okta", () => {
  it("provisions, updates, deactivates, reactivates and deprovisions a user", async () => {
    const email = uniqueEmail("okta");
    // 1. Okta first checks whether the user exists.
    const lookup = await scim(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ schemas: [LIST], totalResults: 0, startIndex: 1, Resources: [] });
    // 2. Create.
    const created = await scim("POST", "/Users", {
      schemas: [USER],
      userName: email,
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ primary: true, value: email, type: "work" }],
      displayName: "Ada Lovelace",
      locale: "en-US",
      externalId: "00u1okta",
      groups: [],
      password: "ignored-by-roster-1",
      active: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectUser(created.body);
    expect(created.headers.get("location")).toBe(created.body.meta.location);
    expect(created.headers.get("etag")).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({
      userName: email,
      externalId: "00u1okta",
      active: true,
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ value: email, type: "work", primary: true }],
    });
    const id = created.body.id;
    // 3. Read back, and find by filter.
    expect((await scim("GET", `/Users/${id}`)).body.userName).toBe(email);
    const found = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email.toUpperCase()}"`)}`);
    expect(found.body.totalResults).toBe(1);
    // 4. Profile update with PUT (the whole user).
    const put = await scim("PUT", `/Users/${id}`, {
      schemas: [USER],
      id,
      userName: email,
      name: { givenName: "Augusta", familyName: "King" },
      emails: [{ primary: true, value: email, type: "work" }],
      title: "Countess",
      active: true,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ name: { givenName: "Augusta", familyName: "King" }, title: "Countess" });
    expect(put.body.displayName).toBeUndefined(); // not sent: cleared
    // 5. Deactivate: PATCH without a path.
    const off = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.active).toBe(false);
    const asMember = await api("GET", `/api/v1/members?q=${encodeURIComponent(email)}`, { key: account.apiKey });
    expect(asMember.body.data[0]).toMatchObject({ id: Number(id), status: "SUSPENDED" });
    // 6. Reactivate.
    const on = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: true } }],
    });
    expect(on.body.active).toBe(true);
    // 7. Deprovision.
    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
    expectScimError(await scim("GET", `/Users/${id}`), 404);
    const record = await api("GET", `/api/v1/account/accounts/${id}`, { key: account.apiKey });
    expect(record.status).toBe(404);
  });

  it("pushes a group, adds and removes members, renames and deletes it", async () => {
    const a = await newMember(account.apiKey);
    const b = await newMember(account.apiKey);
    const created = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Okta Engineers", members: [] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ schemas: [GROUP], displayName: "Okta Engineers", members: [] });
    const id = created.body.id;
    const add = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [
        {
          op: "add",
          path: "members",
          value: [{ value: String(a.userId), display: a.email }, { value: String(b.userId) }],
        },
      ],
    });
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    expect(add.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [String(a.userId), String(b.userId)].sort(),
    );
    const remove = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "remove", path: `members[value eq "${a.userId}"]` }],
    });
    expect(remove.body.members).toEqual([expect.objectContaining({ value: String(b.userId) })]);
    const rename = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { id, displayName: "Okta Engineering" } }],
    });
    expect(rename.body.displayName).toBe("Okta Engineering");
    // The account's own API sees the same group.
    const viaApi = await api("GET", `/api/v1/groups/${id}`, { key: account.apiKey });
    expect(viaApi.body).toMatchObject({ name: "Okta Engineering", members: [b.userId] });
    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
    expectScimError(await scim("GET", `/Groups/${id}`), 404);
  });
});

describe("Microsoft Entra ID", () => {
  it("provisions with the enterprise extension, patches by value filter, disables and deletes", async () => {
    const userName = `Test_User_${uniqueEmail("entra")}`;
    const none = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(none.body.totalResults).toBe(0);
    const created = await scim("POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName,
      active: true,
      emails: [{ primary: true, type: "work", value: userName }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
      [ENTERPRISE]: { employeeNumber: "701984", department: "Tour Operations" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectUser(created.body);
    expect(created.body[ENTERPRISE]).toEqual({ employeeNumber: "701984", department: "Tour Operations" });
    const id = created.body.id;
    const byExternal = await scim(
      "GET",
      `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`,
    );
    expect(byExternal.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    // Entra's update: capitalised ops, a value-filtered path.
    const newEmail = uniqueEmail("updated");
    const patched = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: newEmail },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        { op: "Add", path: `${ENTERPRISE}:manager`, value: "2819c223" },
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.emails[0].value).toBe(newEmail);
    expect(patched.body.name.familyName).toBe("updatedFamilyName");
    expect(patched.body[ENTERPRISE].manager).toEqual({ value: "2819c223" });
    // Disable, as Entra sends it (older versions send the string "False").
    const disabled = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(disabled.body.active).toBe(false);
    const record = await api("GET", `/api/v1/members?q=updatedFamilyName`, { key: account.apiKey });
    expect(record.body.data).toEqual([
      expect.objectContaining({ id: Number(id), status: "SUSPENDED", email: newEmail }),
    ]);
    // If-Match: a stale version is refused, the current one accepted.
    const stale = await scim("DELETE", `/Users/${id}`, undefined, { "if-match": created.body.meta.version });
    expectScimError(stale, 412);
    expect(stale.body.scimType).toBeUndefined();
    const current = (await scim("GET", `/Users/${id}`)).body.meta.version;
    expect((await scim("DELETE", `/Users/${id}`, undefined, { "if-match": current })).status).toBe(204);
  });

  it("creates a group, finds it without members, adds and removes members by value, renames it", async () => {
    const m = await newMember(account.apiKey);
    const created = await scim("POST", "/Groups", {
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "Entra Group",
      meta: { resourceType: "Group" },
      members: [],
      schemas: [GROUP],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    // A second group with the same externalId is refused whole: no group is left behind.
    const twin = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Entra Group Twin",
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    });
    expectScimError(twin, 409, "uniqueness");
    const twins = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "Entra Group Twin"')}`);
    expect(twins.body.totalResults).toBe(0);
    const found = await scim(
      "GET",
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Entra Group"')}`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0]).toMatchObject({ id, externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159" });
    expect(found.body.Resources[0].members).toBeUndefined();
    const add = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: String(m.userId) }] }],
    });
    expect(add.body.members.map((x: { value: string }) => x.value)).toEqual([String(m.userId)]);
    const member = await scim("GET", `/Groups?filter=${encodeURIComponent(`members.value eq "${m.userId}"`)}`);
    expect(member.body.Resources.map((g: { id: string }) => g.id)).toContain(id);
    const remove = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: String(m.userId) }] }],
    });
    expect(remove.body.members).toEqual([]);
    const rename = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" },
      ],
    });
    expect(rename.body.displayName).toBe("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");
    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
  });
});

describe("filters, paging and errors", () => {
  it("combines operators, pages with startIndex and count, sorts, and projects attributes", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    for (const [given, family] of [
      ["Grace", "Hopper"],
      ["Alan", "Turing"],
      ["Ada", "Byron"],
    ]) {
      const r = await scim("POST", "/Users", {
        schemas: [USER],
        userName: `${given.toLowerCase()}-${tag}@example.test`,
        name: { givenName: given, familyName: family },
        title: `t-${tag}`,
      });
      expect(r.status).toBe(201);
    }
    const q = (filter: string, extra = "") =>
      scim("GET", `/Users?filter=${encodeURIComponent(filter)}${extra}`).then((r) => r.body);
    expect((await q(`title eq "t-${tag}"`)).totalResults).toBe(3);
    expect(
      (await q(`title eq "t-${tag}" and (name.familyName sw "tur" or name.givenName co "RAC")`)).totalResults,
    ).toBe(2);
    expect((await q(`title eq "t-${tag}" and not (name.familyName ew "er")`)).totalResults).toBe(2);
    expect((await q(`title eq "t-${tag}" and name.middleName pr`)).totalResults).toBe(0);
    expect(
      (await q(`title eq "t-${tag}" and meta.created gt "2000-01-01T00:00:00Z" and active eq true`)).totalResults,
    ).toBe(3);
    const page = await q(
      `title eq "t-${tag}"`,
      "&sortBy=name.familyName&sortOrder=descending&startIndex=2&count=1&attributes=userName",
    );
    expect(page).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(Object.keys(page.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
    expect(page.Resources[0].userName).toBe(`grace-${tag}@example.test`);
    const without = await q(`title eq "t-${tag}"`, "&excludedAttributes=name,emails&count=1");
    expect(without.Resources[0].name).toBeUndefined();
    expect(without.Resources[0].userName).toBeDefined();
  });

  it("answers bad filters, duplicates and unknown ids as RFC 7644 errors", async () => {
    expectScimError(
      await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "x" and')}`),
      400,
      "invalidFilter",
    );
    expectScimError(await scim("GET", `/Users?filter=${encodeURIComponent('password eq "x"')}`), 400, "invalidFilter");
    const email = uniqueEmail("dup");
    expect((await scim("POST", "/Users", { schemas: [USER], userName: email })).status).toBe(201);
    expectScimError(await scim("POST", "/Users", { schemas: [USER], userName: email }), 409, "uniqueness");
    expectScimError(await scim("POST", "/Users", { schemas: [USER], name: { givenName: "No" } }), 400, "invalidValue");
    // Group members are user ids as the one id parser reads them: not hex, not exponents, not past int.
    for (const value of ["0x10", "1e3", "2147483648", " 7"])
      expectScimError(
        await scim("POST", "/Groups", { schemas: [GROUP], displayName: `Ids ${value}`, members: [{ value }] }),
        400,
        "invalidValue",
      );
    expectScimError(await scim("GET", "/Users/999999999"), 404);
    expectScimError(await scim("GET", "/Users/abc"), 404);
    expectScimError(await scim("PATCH", "/Users/999999998", { schemas: [PATCH], Operations: [] }), 404);
    const someone = await newMember(account.apiKey);
    expectScimError(
      await scim("PATCH", `/Users/${someone.userId}`, { schemas: [PATCH], Operations: [{ op: "move" }] }),
      400,
      "invalidSyntax",
    );
    // Another account's member is not found.
    const other = await newAccount("Elsewhere");
    expectScimError(await scim("GET", `/Users/${other.userId}`), 404);
  });
});
