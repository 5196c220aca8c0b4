// The parts of RFC 7644 an identity provider probes besides Users and Groups:
// discovery by id, authentication challenges, conditional GETs.
import { describe, expect, it } from "vitest";
import { api, baseUrl, clientAddress, newAccount, newMember, uniqueEmail } from "./setup/client";
import { scimClient, scimToken } from "./setup/scim";

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/scim/v2${path}`, { headers: { "x-forwarded-for": clientAddress, ...headers } });

describe("SCIM protocol surface", () => {
  it("serves every schema and resource type at the URL its list names", async () => {
    for (const list of ["/Schemas", "/ResourceTypes"]) {
      const body = await (await get(list)).json();
      expect(body.Resources.length).toBeGreaterThan(1);
      for (const r of body.Resources) {
        const one = await fetch(r.meta.location, { headers: { "x-forwarded-for": clientAddress } });
        expect(one.status, r.meta.location).toBe(200);
        expect(one.headers.get("content-type")).toContain("application/scim+json");
        expect((await one.json()).id).toBe(r.id);
      }
    }
    expect((await get("/Schemas/urn:nope")).status).toBe(404);
    expect((await get("/ResourceTypes/Nope")).status).toBe(404);
  });

  it("answers 401 with a Bearer challenge", async () => {
    for (const auth of [undefined, "Bearer rscim_not-a-token"]) {
      const r = await get("/Users", auth ? { authorization: auth } : {});
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("answers a GET with the current ETag in If-None-Match with 304", async () => {
    const acct = await newAccount();
    const token = await scimToken(acct.accountId, acct.email, "etag");
    const m = await newMember(acct.apiKey);
    const auth = { authorization: `Bearer ${token}` };
    const first = await get(`/Users/${m.userId}`, auth);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/"\d+"$/);
    const again = await get(`/Users/${m.userId}`, { ...auth, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await get(`/Users/${m.userId}`, { ...auth, "if-none-match": 'W/"999999"' });
    expect(other.status).toBe(200);
  });
});

describe("SCIM PATCH strictness (RFC 7644 §3.5.2)", () => {
  it("refuses read-only attributes, unknown paths and value filters that select nothing", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email, "strict");
    const m = await newMember(acct.apiKey);
    const patch = (operation: object) =>
      scim("PATCH", `/Users/${m.userId}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [operation],
      });
    for (const [operation, scimType] of [
      [{ op: "replace", path: "id", value: "9" }, "mutability"],
      [{ op: "replace", path: "meta.created", value: "2020-01-01" }, "mutability"],
      [{ op: "replace", value: { id: "9" } }, "mutability"],
      [{ op: "replace", path: "favouriteColour", value: "red" }, "invalidPath"],
      [
        { op: "replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize", value: "9" },
        "invalidPath",
      ],
      [{ op: "replace", path: 'emails[type eq "home"].value', value: "x@example.test" }, "noTarget"],
      [{ op: "remove", path: 'emails[type eq "home"]' }, "noTarget"],
      [{ op: "replace", path: "displayName", value: 5 }, "invalidValue"],
      [{ op: "replace", path: "active", value: "perhaps" }, "invalidValue"],
    ] as const) {
      const r = await patch(operation);
      expect(r.status, JSON.stringify(operation)).toBe(400);
      expect(r.body.scimType, JSON.stringify(operation)).toBe(scimType);
    }
    // What does apply still applies: a work email exists, and add creates what is missing.
    expect((await patch({ op: "replace", path: 'emails[type eq "work"].primary', value: true })).status).toBe(200);
    const added = await patch({ op: "add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0100" });
    expect(added.status).toBe(200);
    expect(added.body.phoneNumbers).toEqual([{ value: "+1 555 0100", type: "mobile" }]);
  });
});

describe("SCIM filters identity providers send", () => {
  it("members.value inside and/or, members[…] with or, emails[type and value], sortBy displayName/title/emails", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email, "filters");
    const low = await newMember(acct.apiKey);
    const high = await newMember(acct.apiKey);
    const group = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Filtered",
      members: [{ value: String(low.userId) }, { value: String(high.userId) }],
    });
    const q = async (filter: string) =>
      (await scim("GET", `/Groups?filter=${encodeURIComponent(filter)}&excludedAttributes=members`)).body;
    // The member that is not the group's lowest id is found too.
    expect((await q(`displayName eq "Filtered" and members.value eq "${high.userId}"`)).totalResults).toBe(1);
    expect((await q(`members[value eq "999999" or value eq "${high.userId}"]`)).Resources[0].id).toBe(group.body.id);
    expect((await q(`displayName eq "Filtered" and members.value eq "999999"`)).totalResults).toBe(0);

    const users = await scim(
      "GET",
      `/Users?filter=${encodeURIComponent(`emails[type eq "work" and value eq "${high.email}"]`)}`,
    );
    expect(users.body.Resources.map((r: { id: string }) => r.id)).toEqual([String(high.userId)]);
    for (const sortBy of ["displayName", "title", "emails", "userName"]) {
      expect((await scim("GET", `/Users?sortBy=${sortBy}`)).status, sortBy).toBe(200);
    }
  });
});

describe("SCIM attribute projection", () => {
  it("takes sub-attributes and URN names, on GET and on POST/PATCH answers", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email, "projection");
    const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const created = await scim(
      "POST",
      `/Users?attributes=${encodeURIComponent(`userName,name.givenName,${ENT}:department`)}`,
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
        userName: `proj-${Date.now()}`,
        name: { givenName: "Pro", familyName: "Jection" },
        title: "Hidden",
        [ENT]: { department: "Ops", employeeNumber: "42" },
      },
    );
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(["id", "name", "schemas", "userName", ENT].sort());
    expect(created.body.name).toEqual({ givenName: "Pro" });
    expect(created.body[ENT]).toEqual({ department: "Ops" });
    const got = await scim(
      "GET",
      `/Users/${created.body.id}?excludedAttributes=${encodeURIComponent("urn:ietf:params:scim:schemas:core:2.0:User:title,name.familyName,meta")}`,
    );
    expect(got.body.title).toBeUndefined();
    expect(got.body.meta).toBeUndefined();
    expect(got.body.name.familyName).toBeUndefined();
    expect(got.body.name.givenName).toBe("Pro");
    const patched = await scim("PATCH", `/Users/${created.body.id}?attributes=title`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value: "Shown" }],
    });
    expect(Object.keys(patched.body).sort()).toEqual(["id", "schemas", "title"]);
  });
});

describe("SCIM emails", () => {
  it("keeps several emails with their types; the primary one is the login", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email, "emails");
    const stamp = Date.now();
    const created = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `multi-${stamp}`,
      emails: [
        { value: `home-${stamp}@example.test`, type: "home" },
        { value: `work-${stamp}@example.test`, type: "work", primary: true },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.emails).toEqual([
      { value: `work-${stamp}@example.test`, type: "work", primary: true },
      { value: `home-${stamp}@example.test`, type: "home", primary: false },
    ]);
    const added = await scim("PATCH", `/Users/${created.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "emails", value: [{ value: `other-${stamp}@example.test`, type: "other" }] }],
    });
    expect(added.status).toBe(200);
    expect(added.body.emails.map((e: { value: string }) => e.value)).toEqual([
      `work-${stamp}@example.test`,
      `home-${stamp}@example.test`,
      `other-${stamp}@example.test`,
    ]);
  });
});

describe("SCIM attributes without a column of their own", () => {
  it("keeps addresses, nickName and the other RFC 7643 attributes as sent, and answers them back", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email, "kept");
    const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    const addresses = [{ type: "work", streetAddress: "1 Main St", locality: "Springfield", primary: true }];
    const created = await scim("POST", "/Users", {
      schemas: [USER],
      userName: `kept-${Date.now()}`,
      nickName: "Kep",
      addresses,
      password: "never-applied-1",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ nickName: "Kep", addresses });
    expect(created.body.password).toBeUndefined();
    const patched = await scim("PATCH", `/Users/${created.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: 'addresses[type eq "work"].locality', value: "Shelbyville" }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.addresses[0].locality).toBe("Shelbyville");
    expect(patched.body.nickName).toBe("Kep");
    const replaced = await scim("PUT", `/Users/${created.body.id}`, {
      schemas: [USER],
      userName: created.body.userName,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.nickName).toBeUndefined();
    expect(replaced.body.addresses).toBeUndefined();
  });
});

describe("SCIM totals (issue 27)", () => {
  it("count=0 answers the account's own total without resources, and every total is this account's alone", async () => {
    const a = await newAccount();
    const b = await newAccount();
    for (let i = 0; i < 3; i++) await newMember(a.apiKey);
    for (let i = 0; i < 5; i++) await newMember(b.apiKey);
    const own = (await api("GET", "/api/v1/account", { key: a.apiKey })).body.users.length as number;
    expect(own).toBe(4);
    const scim = await scimClient(a.accountId, a.email);
    const none = await scim("GET", "/Users?count=0");
    expect(none.status).toBe(200);
    expect(none.body.totalResults).toBe(own);
    expect(none.body.Resources ?? []).toEqual([]);
    expect((await scim("GET", "/Users")).body.totalResults).toBe(own);
    expect((await scim("GET", `/Users?filter=${encodeURIComponent("userName pr")}&count=0`)).body.totalResults).toBe(
      own,
    );
    expect((await scim("GET", "/Users?startIndex=3&count=1")).body.totalResults).toBe(own);
    await scim("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Only A" });
    expect((await scim("GET", "/Groups?count=0")).body.totalResults).toBe(1);
  });
});

describe("SCIM active:true and each status (issue 27)", () => {
  it("lifts only a suspension: removed, invited, requested and declined members stay, and nothing is written", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email);
    const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    const activate = (id: number) =>
      scim("PATCH", `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "active", value: "True" }],
      });
    const statusOf = async (id: number) =>
      (await api("GET", "/api/v1/account", { key: acct.apiKey })).body.users.find(
        (u: { user_id: number }) => u.user_id === id,
      )?.status;

    const removed = await newMember(acct.apiKey);
    await api("POST", "/api/v1/account/users/remove", { key: acct.apiKey, body: { user_id: removed.userId } });
    const before = (await scim("GET", `/Users/${removed.userId}`)).body.meta.version;
    const r = await activate(removed.userId);
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    expect(r.body.meta.version).toBe(before);
    expect(await statusOf(removed.userId)).toBe("DISABLED");

    const invited = await api("POST", "/api/v1/account/users/invite", {
      key: acct.apiKey,
      body: { email: uniqueEmail("invited-admin"), role: "ADMIN" },
    });
    const invitedId = invited.body.user_id as number;
    expect((await activate(invitedId)).body.active).toBe(false);
    expect(await statusOf(invitedId)).toBe("INVITED");

    const suspended = await newMember(acct.apiKey);
    await scim("PATCH", `/Users/${suspended.userId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect(await statusOf(suspended.userId)).toBe("SUSPENDED");
    expect((await activate(suspended.userId)).body.active).toBe(true);
    expect(await statusOf(suspended.userId)).toBe("ACTIVE");
  });
});

describe("SCIM emails in filters and in /Schemas (issue 27)", () => {
  it("every listed email is filterable, as emails.value, emails co and emails[…]; the login email is published unique", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email);
    const stamp = Math.random().toString(36).slice(2, 8);
    const login = `login-${stamp}@example.test`;
    const alias = `alias-${stamp}@aliases.example.test`;
    const created = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: login,
      emails: [
        { value: login, type: "work", primary: true },
        { value: alias, type: "home" },
      ],
    });
    expect(created.status, created.text.slice(0, 200)).toBe(201);
    const ids = async (filter: string) =>
      (await scim("GET", `/Users?filter=${encodeURIComponent(filter)}`)).body.Resources.map(
        (r: { id: string }) => r.id,
      );
    for (const filter of [
      `emails.value eq "${alias.toUpperCase()}"`,
      `emails co "aliases.example"`,
      `emails[type eq "home" and value eq "${alias}"]`,
      `emails.type eq "home"`,
      `emails.value eq "${login}"`,
      `urn:ietf:params:scim:schemas:core:2.0:User:emails.value ew "${stamp}@aliases.example.test"`,
    ])
      expect(await ids(filter), filter).toEqual([created.body.id]);
    expect(await ids(`emails[type eq "work" and value eq "${alias}"]`)).toEqual([]);
    expect(await ids(`not (emails co "aliases.example") and userName eq "${login}"`)).toEqual([]);

    const schema = (await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).body;
    const emails = schema.attributes.find((a: { name: string }) => a.name === "emails");
    expect(emails.subAttributes.find((a: { name: string }) => a.name === "value").uniqueness).toBe("server");
    const again = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `other-${stamp}`,
      emails: [{ value: login, primary: true }],
    });
    expect(again.status).toBe(409);
  });
});
