// Attribute names in any case (RFC 7643 §2.1): a deprovisioning sent as
// "ACTIVE" must deprovision, a PUT with "Active" must not clear the title, and
// a path that names nothing is refused, never a silent 200 (issue 27).
import { describe, expect, it } from "vitest";
import { newAccount, newMember } from "./setup/client";
import { scimClient } from "./setup/scim";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async function setup() {
  const acct = await newAccount();
  const scim = await scimClient(acct.accountId, acct.email);
  const m = await newMember(acct.apiKey);
  const patch = (...Operations: unknown[]) => scim("PATCH", `/Users/${m.userId}`, { schemas: [PATCH], Operations });
  const read = async () => (await scim("GET", `/Users/${m.userId}`)).body;
  return { scim, m, patch, read };
}

describe("SCIM attribute names in any case", () => {
  it("PATCH paths in any case reach their attribute", async () => {
    const { patch, read } = await setup();
    const cases: [op: Record<string, unknown>, check: (u: any) => unknown, expected: unknown][] = [
      [{ op: "replace", path: "TITLE", value: "Boss" }, (u) => u.title, "Boss"],
      [{ op: "replace", path: "Name.GivenName", value: "Ada" }, (u) => u.name.givenName, "Ada"],
      [{ op: "replace", path: `${USER.toUpperCase()}:DISPLAYNAME`, value: "A. L." }, (u) => u.displayName, "A. L."],
      [
        { op: "replace", path: `${ENTERPRISE.toLowerCase()}:DEPARTMENT`, value: "R&D" },
        (u) => u[ENTERPRISE]?.department,
        "R&D",
      ],
      [
        { op: "add", path: "PhoneNumbers", value: [{ VALUE: "+1 555 0100", TYPE: "mobile" }] },
        (u) => u.phoneNumbers?.[0]?.value,
        "+1 555 0100",
      ],
      [
        { op: "replace", path: 'phoneNumbers[TYPE eq "mobile"].Value', value: "+1 555 0199" },
        (u) => u.phoneNumbers?.[0]?.value,
        "+1 555 0199",
      ],
      [
        { op: "replace", value: { Title: "Chief", NAME: { FamilyName: "Lovelace" } } },
        (u) => [u.title, u.name.familyName],
        ["Chief", "Lovelace"],
      ],
      [{ op: "replace", path: "ACTIVE", value: "False" }, (u) => u.active, false],
    ];
    for (const [op, check, expected] of cases) {
      const r = await patch(op);
      expect(r.status, `${JSON.stringify(op)} → ${r.text.slice(0, 200)}`).toBe(200);
      expect(check(await read()), JSON.stringify(op)).toEqual(expected);
    }
  });

  it("a path or attribute that names nothing is a 400 invalidPath, and nothing changes", async () => {
    const { patch, read } = await setup();
    const before = await read();
    for (const op of [
      { op: "replace", path: "activ", value: false },
      { op: "replace", path: "name.nickname", value: "x" },
      { op: "replace", path: "title.value", value: "x" },
      { op: "replace", value: { Activ: false } },
    ]) {
      const r = await patch(op);
      expect(r.status, JSON.stringify(op)).toBe(400);
      expect(r.body.scimType, JSON.stringify(op)).toBe("invalidPath");
    }
    const same = await patch({ op: "replace", value: { active: false, ACTIVE: true } });
    expect(same.status).toBe(400);
    expect((await read()).meta.version).toBe(before.meta.version);
  });

  it("a PUT reads its attributes in any case: 'Active' deprovisions and the title is kept", async () => {
    const { scim, m, read } = await setup();
    const user = await read();
    const r = await scim("PUT", `/Users/${m.userId}`, {
      SCHEMAS: [USER],
      UserName: user.userName,
      Emails: user.emails.map((e: Record<string, unknown>) => ({ Value: e.value, Type: e.type, Primary: e.primary })),
      Title: "Kept",
      Active: false,
    });
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    const after = await read();
    expect(after.active).toBe(false);
    expect(after.title).toBe("Kept");
  });

  it("group PUT and path-less PATCH read names in any case", async () => {
    const { scim, m } = await setup();
    const g = await scim("POST", "/Groups", {
      Schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      DISPLAYNAME: "Ops",
    });
    expect(g.status, g.text.slice(0, 200)).toBe(201);
    const p = await scim("PATCH", `/Groups/${g.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "add", value: { Members: [{ Value: String(m.userId) }], DisplayName: "Ops team" } }],
    });
    expect(p.status, p.text.slice(0, 200)).toBe(200);
    const read = (await scim("GET", `/Groups/${g.body.id}`)).body;
    expect(read.displayName).toBe("Ops team");
    expect(read.members.map((x: { value: string }) => x.value)).toEqual([String(m.userId)]);
  });
});
