import { describe, expect, it } from "vitest";
import { DomainError } from "../../platform/errors";
import { MAX_CURSOR_LENGTH, readCursor, writeCursor } from "./cursor";
import type { SortSpec } from "./list-query";

const byName: SortSpec[] = [
  { field: "lastName", desc: true },
  { field: "id", desc: false },
];

const refusal = (cursor: string, keys = byName) => {
  try {
    readCursor(cursor, keys);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe("invalid_input");
    expect((e as DomainError).details[0].field).toBe("cursor");
    return (e as DomainError).message;
  }
  throw new Error("accepted");
};

describe("list cursors", () => {
  it("give back the position they were made at: sort values (dates as ISO text) and page", () => {
    const at = new Date("2026-11-30T12:00:00Z");
    const keys: SortSpec[] = [{ field: "createdAt", desc: false }];
    expect(readCursor(writeCursor(keys, [at], 3), keys)).toEqual({ values: [at.toISOString()], page: 3 });
    expect(readCursor(writeCursor(byName, ["Nguyễn", 42], 7), byName)).toEqual({ values: ["Nguyễn", 42], page: 7 });
  });

  it("are refused when edited by hand: body, signature, or glued parts", () => {
    const good = writeCursor(byName, ["Smith", 10], 2);
    const [body, mac] = good.split(".");
    const edited = Buffer.from(JSON.stringify({ o: "-lastName,id", v: ["'; DROP TABLE x; --", 1], p: 2 })).toString(
      "base64url",
    );
    for (const bad of [`${edited}.${mac}`, `${body}.${mac.slice(0, -2)}AA`, `${body}.${mac}.x`, body, "", ".", "a.b"])
      expect(refusal(bad), bad).toMatch(/not one this server gave out/);
  });

  it("belong to their sort order", () => {
    const cursor = writeCursor(byName, ["Smith", 10], 2);
    expect(
      refusal(cursor, [
        { field: "firstName", desc: true },
        { field: "id", desc: false },
      ]),
    ).toMatch(/another sort order/);
    expect(refusal(cursor, [{ field: "department", desc: false }])).toMatch(/cannot sort by department/);
  });

  it("refuse a signed body of the wrong shape", () => {
    // Signed by this server but not a position: still refused, never passed to SQL.
    for (const v of [[{ x: 1 }, 2], ["a"], ["a", 1, 2]]) {
      const c = writeCursor(byName, v as unknown[], 1);
      expect(refusal(c), JSON.stringify(v)).toMatch(/not one this server gave out/);
    }
    expect(refusal(writeCursor(byName, ["a", 1], 0))).toMatch(/not one this server gave out/);
    const date: SortSpec[] = [{ field: "createdAt", desc: false }];
    expect(refusal(writeCursor(date, ["not a date"], 1), date)).toMatch(/not one this server gave out/);
  });

  it("fit the length a list query takes, at their longest", () => {
    // Every resumable key, names at 200 characters of 3 bytes, an email whose every character is escaped in JSON.
    const keys: SortSpec[] = ["lastName", "firstName", "email", "role", "status", "createdAt", "updatedAt", "id"].map(
      (field, i) => ({ field, desc: i % 2 === 0 }),
    );
    const at = new Date("2026-11-30T12:00:00Z");
    const values = ["漢".repeat(200), "字".repeat(200), '"'.repeat(254), "DEVELOPER", "SUSPENDED", at, at, 2147483647];
    const cursor = writeCursor(keys, values, 1_000_000);
    expect(cursor.length).toBeGreaterThan(2_000); // the cap lists had before, which refused such a next link
    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(readCursor(cursor, keys).values[0]).toBe(values[0]);
  });
});
