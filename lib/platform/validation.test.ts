import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "./errors";
import { idSchema, MAX_ID, parseId, parseInput } from "./validation";

describe("parseId, the one id parser", () => {
  it("reads a whole number from 1 to 2147483647, as a number or as decimal digits", () => {
    for (const [raw, id] of [
      [1, 1],
      ["1", 1],
      ["0042", 42],
      [MAX_ID, MAX_ID],
      [String(MAX_ID), MAX_ID],
    ] as const)
      expect(parseId(raw), String(raw)).toBe(id);
  });

  it("reads nothing else as an id", () => {
    for (const raw of [0, "0", -1, "-1", 1.5, "1.5", "0x10", "1e3", " 7", "7 ", "", "+7", MAX_ID + 1, "99999999999"])
      expect(parseId(raw), JSON.stringify(raw)).toBeNull();
    for (const raw of [null, undefined, true, ["5"], { id: 5 }, Number.NaN, Number.POSITIVE_INFINITY, 5n])
      expect(parseId(raw), String(raw)).toBeNull();
  });

  it("names the field and what is wrong with it", () => {
    const schema = z.object({ userId: idSchema });
    const failure = (userId: unknown) => {
      try {
        parseInput(schema, { userId });
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).details;
      }
      throw new Error(`${String(userId)} was accepted`);
    };
    expect(failure("abc")).toEqual([{ field: "userId", message: "must be a number" }]);
    expect(failure(2.5)).toEqual([{ field: "userId", message: "must be a whole number" }]);
    expect(failure(0)).toEqual([{ field: "userId", message: "must be positive" }]);
    expect(failure(MAX_ID + 1)).toEqual([{ field: "userId", message: "is too large (at most 2147483647)" }]);
  });
});
