// Identity providers send group and user changes in parallel and trust every
// 2xx: parallel SCIM PATCHes must all be kept.
import { describe, expect, it } from "vitest";
import { api, newAccount, newMember, uniqueEmail } from "./setup/client";
import { scimClient } from "./setup/scim";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("parallel SCIM PATCHes", () => {
  it("adding and removing group members in parallel keeps every change", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email);
    const people = await Promise.all(Array.from({ length: 6 }, () => newMember(acct.apiKey)));
    const group = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Racers",
    });
    expect(group.status).toBe(201);
    const added = await Promise.all(
      people.map((p) =>
        scim("PATCH", `/Groups/${group.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: "add", path: "members", value: [{ value: String(p.userId) }] }],
        }),
      ),
    );
    expect(added.map((r) => r.status)).toEqual(people.map(() => 200));
    const full = await scim("GET", `/Groups/${group.body.id}`);
    expect(
      full.body.members.map((m: { value: string }) => Number(m.value)).sort((a: number, b: number) => a - b),
    ).toEqual(people.map((p) => p.userId).sort((a, b) => a - b));
    const removed = await Promise.all(
      people.slice(0, 3).map((p) =>
        scim("PATCH", `/Groups/${group.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: "remove", path: `members[value eq "${p.userId}"]` }],
        }),
      ),
    );
    expect(removed.map((r) => r.status)).toEqual([200, 200, 200]);
    const left = await scim("GET", `/Groups/${group.body.id}`);
    expect(
      left.body.members.map((m: { value: string }) => Number(m.value)).sort((a: number, b: number) => a - b),
    ).toEqual(
      people
        .slice(3)
        .map((p) => p.userId)
        .sort((a, b) => a - b),
    );
  });

  it("replacing different attributes of one user in parallel keeps them all", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email);
    const m = await newMember(acct.apiKey);
    const ops = [
      { op: "replace", path: "title", value: "Engineer" },
      { op: "replace", path: "displayName", value: "Pat Q." },
      { op: "replace", path: "name.givenName", value: "Pat" },
      { op: "replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "R&D" },
      { op: "replace", path: "externalId", value: "ext-77" },
    ];
    const answers = await Promise.all(
      ops.map((o) => scim("PATCH", `/Users/${m.userId}`, { schemas: [PATCH], Operations: [o] })),
    );
    expect(answers.map((r) => r.status)).toEqual(ops.map(() => 200));
    const u = (await scim("GET", `/Users/${m.userId}`)).body;
    expect(u.title).toBe("Engineer");
    expect(u.displayName).toBe("Pat Q.");
    expect(u.name.givenName).toBe("Pat");
    expect(u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].department).toBe("R&D");
    expect(u.externalId).toBe("ext-77");
  });
});

describe("userName is the member's own login name", () => {
  it("keeps userName apart from emails (Okta logins, Entra's UPN vs mail) and unique in the account", async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email);
    const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    const okta = await scim("POST", "/Users", {
      schemas: [USER],
      userName: "jdoe",
      name: { givenName: "Jo", familyName: "Doe" },
      emails: [{ value: `jdoe-${Date.now()}@mail.example`, type: "work", primary: true }],
    });
    expect(okta.status).toBe(201);
    expect(okta.body.userName).toBe("jdoe");
    expect(okta.body.emails[0].value).toMatch(/^jdoe-\d+@mail\.example$/);
    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "JDOE"')}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(okta.body.id);
    const qualified = await scim(
      "GET",
      `/Users?filter=${encodeURIComponent('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "jdoe"')}`,
    );
    expect(qualified.body.totalResults).toBe(1);

    // Entra: userName is the UPN, the work email is `mail`; changing the email leaves userName alone.
    const upn = `pat-${Date.now()}@corp.example`;
    const entra = await scim("POST", "/Users", {
      schemas: [USER],
      userName: upn,
      emails: [{ value: `pat.q-${Date.now()}@mail.example`, type: "work", primary: true }],
    });
    expect(entra.status).toBe(201);
    const newMail = `pat.quinn-${Date.now()}@mail.example`;
    const patched = await scim("PATCH", `/Users/${entra.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: newMail }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.userName).toBe(upn);
    expect(patched.body.emails[0].value).toBe(newMail);
    const byUpn = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${upn}"`)}`);
    expect(byUpn.body.Resources.map((r: { id: string }) => r.id)).toEqual([entra.body.id]);

    // Unique in the account, case-insensitively: 409 uniqueness on POST and on PATCH.
    const clash = await scim("POST", "/Users", { schemas: [USER], userName: "JDoe" });
    expect(clash.status).toBe(409);
    expect(clash.body.scimType).toBe("uniqueness");
    const rename = await scim("PATCH", `/Users/${entra.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: "userName", value: "jdoe" }],
    });
    expect(rename.status).toBe(409);
    expect(rename.body.scimType).toBe("uniqueness");
  });
});

describe("parallel PATCHes of multi-valued attributes (issue 27)", () => {
  it("eight parallel adds to roles, addresses and non-login emails keep all eight values of each", {
    timeout: 120_000,
  }, async () => {
    const acct = await newAccount();
    const scim = await scimClient(acct.accountId, acct.email);
    const m = await newMember(acct.apiKey);
    const values = {
      roles: (i: number) => ({ value: `role-${i}`, type: "job" }),
      addresses: (i: number) => ({ streetAddress: `${i} Main St`, type: "work" }),
      emails: (i: number) => ({ value: `alias-${i}-${m.userId}@example.test`, type: "other" }),
    };
    for (const [path, value] of Object.entries(values)) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          scim("PATCH", `/Users/${m.userId}`, {
            schemas: [PATCH],
            Operations: [{ op: "add", path, value: [value(i)] }],
          }),
        ),
      );
      expect(
        answers.map((r) => r.status),
        `${path}: ${answers.map((r) => r.text.slice(0, 120)).join(" | ")}`,
      ).toEqual(answers.map(() => 200));
      const user = (await scim("GET", `/Users/${m.userId}`)).body;
      const kept = (user[path] as Record<string, unknown>[]).filter((v) => !(path === "emails" && v.primary === true));
      expect(kept.length, `${path} kept ${JSON.stringify(user[path])}`).toBe(8);
    }
  });
});

describe("an email change racing another account's SCIM provisioning (issue 27)", () => {
  it("B's provisioned user always carries the email B sent, over 30 trials", { timeout: 120_000 }, async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const scimB = await scimClient(b.accountId, b.email);
    for (let trial = 0; trial < 30; trial++) {
      const old = uniqueEmail("raced");
      const chosen = uniqueEmail("chosen");
      const inA = await api("POST", "/api/v1/account/accounts", { key: a.apiKey, body: { email: old } });
      expect(inA.status).toBe(201);
      const [change, provisioned] = await Promise.all([
        api("PATCH", `/api/v1/account/accounts/${inA.body.id}`, { key: a.apiKey, body: { email: chosen } }),
        scimB("POST", "/Users", {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: old,
          emails: [{ value: old, primary: true }],
        }),
      ]);
      expect(provisioned.status, `trial ${trial}: ${provisioned.text.slice(0, 200)}`).toBe(201);
      const read = await scimB("GET", `/Users/${provisioned.body.id}`, undefined, {
        "if-none-match": provisioned.body.meta.version,
      });
      // Either B got the person and A's change was refused, or B got a new person: B's user reads as B sent it.
      const now = read.status === 304 ? provisioned.body : read.body;
      expect(now.emails[0].value, `trial ${trial} (A's change: ${change.status})`).toBe(old);
      if (change.status === 200) expect(provisioned.body.id).not.toBe(String(inA.body.id));
    }
  });
});
