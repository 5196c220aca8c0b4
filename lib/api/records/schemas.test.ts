import { describe, expect, it } from "vitest";
import { DomainError } from "../../platform/errors";
import { parseQuery } from "../query-params";
import { pathIdSchema, recordQuerySchema } from "./schemas";

const parse = (query: string) => parseQuery(recordQuerySchema, new URLSearchParams(query));
const refusal = (query: string) => {
  try {
    parse(query);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const { code, details, message } = e as DomainError;
    return { code, field: details[0]?.field, message };
  }
  throw new Error(`${query} was accepted`);
};

describe("the records list query (seed 003)", () => {
  it("reads paging, sort, filters and cursor, with seed 003's defaults", () => {
    expect(parse("")).toEqual({ page: 1, limit: 20, sort: [], filters: [], attributes: [] });
    expect(parse("page=2&limit=5&sort=-lastName, id&email=Ada@*&attributes[badge]=B-7")).toEqual({
      page: 2,
      limit: 5,
      sort: [
        { field: "lastName", desc: true },
        { field: "id", desc: false },
      ],
      filters: [{ field: "email", op: "prefix", value: "Ada@" }],
      attributes: [{ key: "badge", value: "B-7" }],
    });
    expect(parse("cursor=&limit=2")).toMatchObject({ page: 1, cursor: "" });
  });

  it("refuses, naming the parameter and what was probably meant", () => {
    expect(refusal("lastname=Smith")).toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("lastName"),
    });
    expect(refusal("badge=B-7")).toMatchObject({ message: expect.stringContaining("attributes[badge]") });
    expect(refusal("sort=password")).toMatchObject({ code: "bad_request", field: "sort" });
    expect(refusal("page=1&cursor=")).toMatchObject({ code: "bad_request", field: "cursor" });
    expect(refusal("limit=101")).toMatchObject({ code: "invalid_input", field: "limit" });
    expect(refusal("page=2&page=3")).toMatchObject({ code: "bad_request", field: "page" });
  });
});

describe("a record's id in its path", () => {
  it("is the one id parser's: digits from 1 to 2147483647", () => {
    expect(pathIdSchema.parse({ id: "42" })).toEqual({ id: 42 });
    for (const id of ["0", "-1", "1e3", "0x10", " 7", "2147483648", "abc", ""])
      expect(pathIdSchema.safeParse({ id }).success, id).toBe(false);
  });
});
