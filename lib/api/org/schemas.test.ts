import { describe, expect, it } from "vitest";
import { parseInput } from "../../platform/validation";
import { modifySmartcardSchema, multipleUsersSchema, userSelectorSchema } from "./schemas";

// Seed 001's parameters arrive as query strings, form fields (all text) or JSON.
const fieldOf = (schema: Parameters<typeof parseInput>[0], raw: unknown) => {
  try {
    parseInput(schema, raw);
  } catch (e) {
    return (e as { details: { field: string }[] }).details[0]?.field;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
};

describe("seed 001's parameters", () => {
  it("read numbers, lists and booleans from text or from JSON alike", () => {
    expect(parseInput(multipleUsersSchema, { page: "2", limit: 50, email: "yes", user_tag: " guest " })).toEqual({
      page: 2,
      limit: 50,
      email: true,
      user_tag: "GUEST",
    });
    expect(
      parseInput(modifySmartcardSchema, {
        email_id: "7",
        smartcards: '[{"label":"Badge","number":"12345"}]',
        allow_duplicates: "0",
      }),
    ).toMatchObject({ email_id: 7, smartcards: [{ label: "Badge", number: "12345" }], allow_duplicates: false });
  });

  it("refuse, naming the field, numbers written any other way, ids out of range and keys the seed does not name", () => {
    for (const page of ["1e3", " 7", "0x10", "0", "1.5", -1])
      expect(fieldOf(multipleUsersSchema, { page }), String(page)).toBe("page");
    expect(fieldOf(multipleUsersSchema, { limit: "10001" })).toBe("limit");
    for (const email_id of ["2147483648", "abc", 0, 1.5, true])
      expect(fieldOf(userSelectorSchema, { email_id }), String(email_id)).toBe("email_id");
    expect(fieldOf(modifySmartcardSchema, { email_id: 1, smartcards: "not json" })).toBe("smartcards");
    expect(fieldOf(userSelectorSchema, { email_id: 1, colour: "red" })).toBe("colour");
  });
});
