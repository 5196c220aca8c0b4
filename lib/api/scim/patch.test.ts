import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { patchUserResource } from "./patch";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from "./schemas";
import type { ScimUser } from "./users";

const ada: ScimUser = {
  schemas: [USER_SCHEMA],
  id: "7",
  userName: "ada",
  name: { givenName: "Ada", familyName: "Lovelace" },
  active: true,
  emails: [{ value: "ada@example.test", type: "work", primary: true }],
  meta: {
    resourceType: "User",
    created: "2026-01-01T00:00:00Z",
    lastModified: "2026-01-01T00:00:00Z",
    location: "/x",
    version: 'W/"1"',
  },
};

const patch = (...Operations: unknown[]) => patchUserResource(ada, { schemas: [PATCH_SCHEMA], Operations });

const scimType = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    expect((e as ScimError).status).toBe(400);
    return (e as ScimError).scimType;
  }
  throw new Error("no error");
};

describe("SCIM PATCH of a User (RFC 7644 §3.5.2)", () => {
  it("applies replace, add and remove by path, and leaves the current resource as it was", () => {
    const out = patch(
      { op: "replace", path: "name.familyName", value: "Byron" },
      { op: "add", path: "title", value: "Countess" },
      { op: "remove", path: "name.givenName" },
    );
    expect(out.name).toEqual({ familyName: "Byron" });
    expect(out.title).toBe("Countess");
    expect(ada.name).toEqual({ givenName: "Ada", familyName: "Lovelace" });
  });

  it("takes what identity providers send: capitalised ops, 'False' strings, a bare manager id, no path", () => {
    expect(patch({ op: "Replace", path: "active", value: "False" }).active).toBe(false);
    expect(patch({ op: "replace", value: { active: "True", displayName: "A. L." } })).toMatchObject({
      active: true,
      displayName: "A. L.",
    });
    expect(patch({ op: "add", path: `${ENTERPRISE_SCHEMA}:manager`, value: "12" })[ENTERPRISE_SCHEMA]).toEqual({
      manager: { value: "12" },
    });
  });

  it("names what is wrong, with the SCIM error type", () => {
    expect(scimType(() => patchUserResource(ada, { Operations: [] }))).toBe("invalidSyntax");
    expect(scimType(() => patch())).toBe("invalidSyntax");
    expect(scimType(() => patch("replace"))).toBe("invalidSyntax");
    expect(scimType(() => patch({ op: "move", path: "title", value: "x" }))).toBe("invalidSyntax");
    expect(scimType(() => patch({ op: "replace", path: 7, value: "x" }))).toBe("invalidPath");
    expect(scimType(() => patch({ op: "replace", path: "favouriteColour", value: "x" }))).toBe("invalidPath");
    expect(scimType(() => patch({ op: "replace", path: "id", value: "8" }))).toBe("mutability");
    expect(scimType(() => patch({ op: "replace", path: "meta.created", value: "x" }))).toBe("mutability");
    expect(scimType(() => patch({ op: "replace", path: "active", value: "maybe" }))).toBe("invalidValue");
    expect(scimType(() => patch({ op: "replace", value: "not an object" }))).toBe("invalidValue");
    expect(scimType(() => patch({ op: "remove", path: 'emails[type eq "home"]' }))).toBe("noTarget");
    expect(scimType(() => patch({ op: "remove", path: "emails[type eq ]" }))).toBe("invalidFilter");
    expect(scimType(() => patch({ op: "add", path: `${ENTERPRISE_SCHEMA}:costCenter`, value: "x" }))).toBe(
      "invalidPath",
    );
  });
});
