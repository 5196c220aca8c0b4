import { describe, expect, it } from "vitest";
import { canonicalPath, canonicalResource } from "./attribute-names";
import { ScimError } from "./errors";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const scimType = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ScimError ? e.scimType : String(e);
  }
  return "no error";
};

describe("canonicalPath", () => {
  it("spells every form of path as the Schemas document does", () => {
    expect(canonicalPath("User", "ACTIVE")).toBe("active");
    expect(canonicalPath("User", "name.GIVENNAME")).toBe("name.givenName");
    expect(canonicalPath("User", "urn:ietf:params:scim:schemas:core:2.0:user:UserName")).toBe("userName");
    expect(canonicalPath("User", `${ENTERPRISE.toUpperCase()}:Manager.VALUE`)).toBe(`${ENTERPRISE}:manager.value`);
    expect(canonicalPath("User", 'EMAILS[TYPE eq "Work" and Primary eq true].VALUE')).toBe(
      'emails[type eq "Work" and primary eq true].value',
    );
    // Quoted values are never renamed.
    expect(canonicalPath("User", 'emails[value eq "TYPE eq x"]')).toBe('emails[value eq "TYPE eq x"]');
    expect(canonicalPath("Group", 'MEMBERS[VALUE eq "7"]')).toBe('members[value eq "7"]');
  });

  it("leaves an unknown attribute to be refused by the caller, and refuses an unknown sub-attribute", () => {
    expect(canonicalPath("User", "nosuch")).toBe("nosuch");
    expect(scimType(() => canonicalPath("User", "name.nosuch"))).toBe("invalidPath");
    expect(scimType(() => canonicalPath("User", "title.value"))).toBe("invalidPath");
  });
});

describe("canonicalResource", () => {
  it("renames keys at every level a schema names, and refuses one name given twice", () => {
    expect(
      canonicalResource("User", {
        USERNAME: "ada",
        Name: { GivenName: "Ada" },
        Emails: [{ Value: "a@example.test", PRIMARY: true }],
        [ENTERPRISE.toLowerCase()]: { Department: "R&D", MANAGER: { Value: "7" } },
        custom: 1,
      }),
    ).toEqual({
      userName: "ada",
      name: { givenName: "Ada" },
      emails: [{ value: "a@example.test", primary: true }],
      [ENTERPRISE]: { department: "R&D", manager: { value: "7" } },
      custom: 1,
    });
    expect(scimType(() => canonicalResource("User", { active: true, Active: false }))).toBe("invalidSyntax");
  });
});
