// Seed 003: /api/v1/account/accounts, field by field.
import { describe, expect, it } from "vitest";
import { api, expectError, newAccount, uniqueEmail } from "./setup/client";

const SEED_FIELDS = [
  "id",
  "email",
  "username",
  "firstName",
  "middleName",
  "lastName",
  "displayName",
  "company",
  "title",
  "department",
  "website",
  "phoneHome",
  "phoneOffice",
  "phoneMobile",
  "phoneTollFree",
  "phoneOther",
  "pager",
  "fax",
  "gender",
];
const BOB = {
  email: "email@company.com",
  username: "myusername",
  firstName: "Bob",
  middleName: "B",
  lastName: "Smith",
  company: "Acme Inc",
  title: "Tester",
  department: "Product Testing",
  website: "http://www.acme.com",
  phoneOffice: "111-222-3333",
  phoneMobile: "222-333-4444",
  gender: "male",
};

describe("POST /api/v1/account/accounts", () => {
  it("answers 201 with the full record, its id and links, as seed 003 shows", async () => {
    const { apiKey } = await newAccount();
    const body = { ...BOB, email: uniqueEmail("bob") };
    const r = await api("POST", "/api/v1/account/accounts", { key: apiKey, body });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual([...SEED_FIELDS, "links"]);
    expect(r.body).toMatchObject({ ...body, displayName: null, phoneHome: null, fax: null });
    expect(r.body.id).toEqual(expect.any(Number));
    expect(r.body.links).toEqual([{ rel: "self", url: `/api/v1/account/accounts/${r.body.id}` }]);
    expect(r.headers.get("location")).toBe(`/api/v1/account/accounts/${r.body.id}`);
    expect(r.headers.get("etag")).toMatch(/^"\d+\.\d+"$/);
  });

  it("needs no attribute, keeps custom attributes and never answers the password", async () => {
    const { apiKey } = await newAccount();
    const empty = await api("POST", "/api/v1/account/accounts", { key: apiKey, body: {} });
    expect(empty.status).toBe(201);
    expect(empty.body.email).toBeNull();
    const r = await api("POST", "/api/v1/account/accounts", {
      key: apiKey,
      body: { email: uniqueEmail(), password: "s3cret-pass", badge: "B-12", floor: 3 },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ badge: "B-12", floor: 3 });
    expect(r.text).not.toContain("s3cret-pass");
    expect(r.body.password).toBeUndefined();
    const again = await api("GET", `/api/v1/account/accounts/${r.body.id}`, { key: apiKey });
    expect(again.body).toMatchObject({ badge: "B-12", floor: 3 });
  });

  it("accepts the seed's curl form (JSON sent without a JSON content type)", async () => {
    const { apiKey } = await newAccount();
    const r = await api("POST", "/api/v1/account/accounts", {
      headers: { admin_api_key: apiKey, "content-type": "application/x-www-form-urlencoded" },
      raw: JSON.stringify({ ...BOB, email: uniqueEmail() }),
    });
    expect(r.status).toBe(201);
  });

  it("names the bad field and refuses a duplicate", async () => {
    const { apiKey } = await newAccount();
    const bad = await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { gender: "robot" } });
    expectError(bad, 422, "invalid_input");
    expect(bad.body.details[0].field).toBe("gender");
    const wrongType = await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { firstName: 42 } });
    expectError(wrongType, 422);
    expect(wrongType.body.details[0].field).toBe("firstName");
    const email = uniqueEmail();
    await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { email } });
    expectError(await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { email } }), 409, "already_member");
    expectError(await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { id: 5 } }), 422);
    expectError(await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { "bad key!": 1 } }), 422);
    expectError(await api("POST", "/api/v1/account/accounts", { key: apiKey, raw: '{"__proto__": {"x": 1}}' }), 422);
  });

  it("refuses reserved names as custom attributes: they would pass for real fields", async () => {
    const { apiKey } = await newAccount();
    const created = await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { email: uniqueEmail() } });
    for (const name of ["role", "status", "accountId", "uid", "createdAt", "tokenBalance"]) {
      const posted = await api("POST", "/api/v1/account/accounts", {
        key: apiKey,
        body: { email: uniqueEmail(), [name]: "SUPER" },
      });
      expectError(posted, 422, "invalid_input");
      expect(posted.body.details[0]).toMatchObject({ field: name });
      const patched = await api("PATCH", `/api/v1/account/accounts/${created.body.id}`, {
        key: apiKey,
        body: { [name]: "SUPER" },
      });
      expectError(patched, 422, "invalid_input");
    }
    const read = await api("GET", `/api/v1/account/accounts/${created.body.id}`, { key: apiKey });
    expect(Object.keys(read.body)).toEqual(SEED_FIELDS);
  });
});

describe("GET /api/v1/account/accounts (list)", () => {
  async function accountWith(lastNames: string[]) {
    const acct = await newAccount();
    for (const [i, lastName] of lastNames.entries()) {
      const r = await api("POST", "/api/v1/account/accounts", {
        key: acct.apiKey,
        body: { email: uniqueEmail(), firstName: `F${i % 2}`, lastName, department: i % 2 ? "Ops" : "Eng" },
      });
      expect(r.status).toBe(201);
    }
    return acct; // its owner has no lastName
  }

  it("pages with exact arithmetic: count, totalPages, total, next/prev links, last and empty pages", async () => {
    const acct = await accountWith(["Adams", "Baker", "Clark", "Davis", "Evans", "Foster", "Green"]);
    const first = await api("GET", "/api/v1/account/accounts?limit=3&sort=-lastName", { key: acct.apiKey });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(["data", "pagination", "totalItems"]);
    expect(first.body.pagination).toEqual({
      currentPage: 1,
      perPage: 3,
      count: 3,
      totalPages: 3,
      total: 8,
      links: { next: "?page=2&limit=3&sort=-lastName", prev: null },
    });
    expect(first.body.totalItems).toBe(8);
    expect(Object.keys(first.body.data[0])).toEqual(SEED_FIELDS);

    const last = await api(
      "GET",
      `/api/v1/account/accounts${first.body.pagination.links.next.replace("page=2", "page=3")}`,
      { key: acct.apiKey },
    );
    expect(last.body.pagination).toMatchObject({
      currentPage: 3,
      count: 2,
      totalPages: 3,
      links: { next: null, prev: "?page=2&limit=3&sort=-lastName" },
    });

    const beyond = await api("GET", "/api/v1/account/accounts?limit=3&page=9", { key: acct.apiKey });
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.pagination).toMatchObject({ currentPage: 9, count: 0, total: 8, links: { next: null } });

    const none = await api("GET", "/api/v1/account/accounts?lastName=Nobody", { key: acct.apiKey });
    expect(none.body.pagination).toMatchObject({
      count: 0,
      total: 0,
      totalPages: 0,
      links: { next: null, prev: null },
    });
    expect(none.body.totalItems).toBe(0);

    const dflt = await api("GET", "/api/v1/account/accounts", { key: acct.apiKey });
    expect(dflt.body.pagination.perPage).toBe(20);
  });

  it("puts members without a last name last in both directions, and finds them by cursor too", async () => {
    const acct = await accountWith(["Clark", "Adams", "Baker"]);
    for (const lastName of [null, "", "   "])
      await api("POST", "/api/v1/account/accounts", { key: acct.apiKey, body: { firstName: "Blank", lastName } });
    const order = async (sort: string, extra = "") =>
      (await api("GET", `/api/v1/account/accounts?sort=${sort}${extra}`, { key: acct.apiKey })).body.data.map(
        (r: { lastName: string | null }) => (r.lastName ?? "").trim() || "-",
      );
    // Three blanks here and the account's owner (created without names).
    expect(await order("lastName")).toEqual(["Adams", "Baker", "Clark", "-", "-", "-", "-"]);
    expect(await order("-lastName")).toEqual(["Clark", "Baker", "Adams", "-", "-", "-", "-"]);
    const seen: string[] = [];
    let url = "/api/v1/account/accounts?cursor=&limit=2&sort=-lastName";
    while (url) {
      const page = await api("GET", url, { key: acct.apiKey });
      seen.push(...page.body.data.map((r: { lastName: string | null }) => (r.lastName ?? "").trim() || "-"));
      url = page.body.pagination.links.next ? `/api/v1/account/accounts${page.body.pagination.links.next}` : "";
    }
    expect(seen).toEqual(["Clark", "Baker", "Adams", "-", "-", "-", "-"]);
    const members = await api("GET", "/api/v1/members?sort=-lastName&limit=10", { key: acct.apiKey });
    expect(members.body.data.at(-1).lastName ?? "").toMatch(/^\s*$/);
    expect(members.body.data[0].lastName).toBe("Clark");
  });

  it("sorts ascending, descending and by two keys", async () => {
    const acct = await accountWith(["Clark", "Adams", "Baker", "Adams"]);
    const names = async (sort: string) =>
      (await api("GET", `/api/v1/account/accounts?sort=${sort}&lastName=*`, { key: acct.apiKey })).body.data.map(
        (r: { firstName: string; lastName: string }) => `${r.lastName}/${r.firstName}`,
      );
    expect(await names("lastName")).toEqual(["Adams/F1", "Adams/F1", "Baker/F0", "Clark/F0"].sort());
    expect(await names("-lastName")).toEqual(["Clark/F0", "Baker/F0", "Adams/F1", "Adams/F1"]);
    const two = await names("lastName,-firstName");
    expect(two).toEqual(["Adams/F1", "Adams/F1", "Baker/F0", "Clark/F0"]);
    expectError(await api("GET", "/api/v1/account/accounts?sort=password", { key: acct.apiKey }), 400);
  });

  it("filters exactly, by prefix, by several attributes and by custom attributes; links keep the filters", async () => {
    const acct = await accountWith(["Smith", "Smithers", "Smyth", "Jones"]);
    const get = (q: string) => api("GET", `/api/v1/account/accounts?${q}`, { key: acct.apiKey });
    expect((await get("lastName=Smith")).body.totalItems).toBe(1);
    expect((await get("lastName=Smi*")).body.totalItems).toBe(2);
    expect(
      (await get("lastName=Sm*&department=Eng")).body.data.map((r: { lastName: string }) => r.lastName).sort(),
    ).toEqual(["Smith", "Smyth"]);
    const paged = await get("lastName=Sm*&limit=1");
    expect(paged.body.pagination.links.next).toBe("?page=2&limit=1&lastName=Sm*");
    await api("POST", "/api/v1/account/accounts", { key: acct.apiKey, body: { badge: "B-7", level: 3 } });
    expect((await get("attributes[badge]=B-7")).body.totalItems).toBe(1);
    expect((await get("attributes%5Blevel%5D=3")).body.totalItems).toBe(1);
    expect((await get("attributes[department]=Eng&lastName=Sm*")).body.totalItems).toBe(2);
    // Anything else is a 400 naming the parameter (a typo never answers an empty list).
    expectError(await get("no%20such=1"), 400);
    const typo = await get("lastname=Smith");
    expectError(typo, 400, "bad_request");
    expect(typo.body.error).toContain('"lastname" (did you mean "lastName"?)');
    const bare = await get("badge=B-7");
    expectError(bare, 400, "bad_request");
    expect(bare.body.error).toContain("attributes[badge]");
    expectError(await get("attributes=department"), 400, "bad_request");
    expectError(await get("attributes[role]=ADMIN"), 400, "bad_request");
    expectError(await get("page=0"), 422);
    expectError(await get("page=-1"), 422);
    expectError(await get("limit=101"), 422);
    expectError(await get("page=abc"), 422);
    expectError(await get("page=99999999999999999999"), 422);
  });
});

describe("GET /api/v1/account/accounts?cursor= (keyset paging)", () => {
  it("follows next links carrying the cursor, keeps sort, limit and filters, and has no prev", async () => {
    const acct = await newAccount();
    for (const lastName of ["Ames", "Bell", "Cole", "Dunn", "Eddy"])
      await api("POST", "/api/v1/account/accounts", { key: acct.apiKey, body: { lastName, department: "Eng" } });
    const seen: string[] = [];
    let url = "/api/v1/account/accounts?cursor=&limit=2&sort=-lastName&department=Eng";
    for (let n = 1; url; n++) {
      const r = await api("GET", url, { key: acct.apiKey });
      expect(r.status).toBe(200);
      expect(r.body.pagination).toMatchObject({ currentPage: n, perPage: 2, total: 5, totalPages: 3 });
      expect(r.body.pagination.links.prev).toBeNull();
      seen.push(...r.body.data.map((x: { lastName: string }) => x.lastName));
      const next = r.body.pagination.links.next as string | null;
      if (next) expect(next).toMatch(/^\?cursor=[\w.-]+&limit=2&sort=-lastName&department=Eng$/);
      url = next ? `/api/v1/account/accounts${next}` : "";
    }
    expect(seen).toEqual(["Eddy", "Dunn", "Cole", "Bell", "Ames"]);
    expectError(await api("GET", "/api/v1/account/accounts?cursor=&page=2", { key: acct.apiKey }), 400, "bad_request");
    expectError(await api("GET", "/api/v1/account/accounts?cursor=bogus", { key: acct.apiKey }), 422, "invalid_input");
    // A cursor edited by hand (a number past 2^53, another type, another sort's values) is refused, never a 500.
    const first = await api("GET", "/api/v1/account/accounts?cursor=&limit=2&sort=-lastName", { key: acct.apiKey });
    const given = new URLSearchParams(first.body.pagination.links.next.slice(1)).get("cursor") as string;
    const [body, mac] = given.split(".");
    const decoded = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    for (const v of [
      [1e300, 2 ** 64],
      [{ x: 1 }, "a"],
      ["zzz", "9223372036854775808"],
    ]) {
      const forged = Buffer.from(JSON.stringify({ ...decoded, v })).toString("base64url");
      const r = await api("GET", `/api/v1/account/accounts?limit=2&sort=-lastName&cursor=${forged}.${mac}`, {
        key: acct.apiKey,
      });
      expectError(r, 422, "invalid_input");
    }
  });
});

describe("GET, PUT, PATCH, DELETE /api/v1/account/accounts/{id}", () => {
  it("PUT clears what is not sent, PATCH keeps it; ETags round-trip and stale If-Match is 412", async () => {
    const { apiKey } = await newAccount();
    const created = await api("POST", "/api/v1/account/accounts", {
      key: apiKey,
      body: { ...BOB, email: uniqueEmail(), badge: "B-1" },
    });
    const id = created.body.id;
    const read = await api("GET", `/api/v1/account/accounts/${id}`, { key: apiKey });
    expect(Object.keys(read.body)).toEqual([...SEED_FIELDS, "badge"]);
    const etag = read.headers.get("etag") as string;
    expect(etag).toBe(created.headers.get("etag"));

    const patched = await api("PATCH", `/api/v1/account/accounts/${id}`, {
      key: apiKey,
      body: { title: "Lead" },
      headers: { "if-match": etag },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: "Lead", firstName: "Bob", company: "Acme Inc", badge: "B-1" });
    const newTag = patched.headers.get("etag") as string;
    expect(newTag).not.toBe(etag);

    expectError(
      await api("PATCH", `/api/v1/account/accounts/${id}`, {
        key: apiKey,
        body: { title: "x" },
        headers: { "if-match": etag },
      }),
      412,
      "precondition_failed",
    );
    expectError(
      await api("PUT", `/api/v1/account/accounts/${id}`, { key: apiKey, body: {}, headers: { "if-match": etag } }),
      412,
    );
    expectError(
      await api("DELETE", `/api/v1/account/accounts/${id}`, { key: apiKey, headers: { "if-match": etag } }),
      412,
    );

    const put = await api("PUT", `/api/v1/account/accounts/${id}`, {
      key: apiKey,
      body: { email: read.body.email, firstName: "Robert" },
      headers: { "if-match": newTag },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      firstName: "Robert",
      lastName: null,
      company: null,
      title: null,
      gender: "unknown",
    });
    expect(put.body.badge).toBeUndefined();
    expect(put.body.links).toEqual([{ rel: "self", url: `/api/v1/account/accounts/${id}` }]);

    const patchAttr = await api("PATCH", `/api/v1/account/accounts/${id}`, { key: apiKey, body: { level: 2 } });
    expect(patchAttr.body).toMatchObject({ level: 2, firstName: "Robert" });
    const removeAttr = await api("PATCH", `/api/v1/account/accounts/${id}`, { key: apiKey, body: { level: null } });
    expect(removeAttr.body.level).toBeUndefined();
  });

  it("DELETE answers 204 with an empty body, then 404", async () => {
    const { apiKey } = await newAccount();
    const created = await api("POST", "/api/v1/account/accounts", { key: apiKey, body: { email: uniqueEmail() } });
    const del = await api("DELETE", `/api/v1/account/accounts/${created.body.id}`, { key: apiKey });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expectError(await api("GET", `/api/v1/account/accounts/${created.body.id}`, { key: apiKey }), 404, "not_found");
    expectError(await api("DELETE", `/api/v1/account/accounts/${created.body.id}`, { key: apiKey }), 404);
  });

  it("another account's record is 404 for every method, never its data", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const theirs = await api("POST", "/api/v1/account/accounts", {
      key: b.apiKey,
      body: { email: uniqueEmail(), firstName: "Secret" },
    });
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const r = await api(method, `/api/v1/account/accounts/${theirs.body.id}`, {
        key: a.apiKey,
        body: method === "GET" || method === "DELETE" ? undefined : { title: "x" },
      });
      expectError(r, 404);
      expect(r.text).not.toContain("Secret");
    }
    const list = await api("GET", "/api/v1/account/accounts?limit=100", { key: a.apiKey });
    expect(list.text).not.toContain("Secret");
  });

  it("refuses ids that are not numbers", async () => {
    const { apiKey } = await newAccount();
    for (const id of ["abc", "-1", "1.5", "99999999999", "0"]) {
      const r = await api("GET", `/api/v1/account/accounts/${id}`, { key: apiKey });
      expectError(r, 422);
      expect(r.body.details[0].field).toBe("id");
    }
  });
});
