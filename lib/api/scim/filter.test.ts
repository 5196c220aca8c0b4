import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { nameIn, parseFilter } from "./filter";

describe("SCIM filter text", () => {
  it("is refused as 400 invalidFilter when it cannot be parsed", () => {
    for (const bad of ['userName eq "unclosed', "userName eq", "(", 'userName zz "x"']) {
      const e = (() => {
        try {
          parseFilter(bad);
        } catch (x) {
          return x;
        }
      })();
      expect(e, bad).toBeInstanceOf(ScimError);
      expect((e as ScimError).scimType).toBe("invalidFilter");
    }
  });

  it("names attributes case-insensitively, with or without the core schema's URN", () => {
    const name = nameIn({ username: "userName", "name.familyname": "lastName" });
    expect(name("UserName")).toBe("userName");
    expect(name("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName")).toBe("lastName");
    expect(name("urn:ietf:params:scim:schemas:core:2.0:Group:userName")).toBe("userName");
    expect(name("nickName")).toBeNull();
  });
});
