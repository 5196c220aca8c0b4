import { describe, expect, it } from "vitest";
import { DomainError } from "../../../platform/errors";
import { parseQuery } from "../../query-params";
import { memberExportQuerySchema, memberQuerySchema } from "./schemas";

const parse = (query: string) => parseQuery(memberQuerySchema, new URLSearchParams(query));
const refusal = (query: string) => {
  try {
    parse(query);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const { code, details } = e as DomainError;
    return { code, field: details[0]?.field };
  }
  throw new Error(`${query} was accepted`);
};

describe("the members list query (/api/v1/members, the console table)", () => {
  it("reads paging, sort, status and role lists, group, search and cursor", () => {
    expect(
      parse("page=3&limit=50&sort=-createdAt,lastName&status=active,Suspended&role=ADMIN&group=12&q= ada &cursor="),
    ).toEqual({
      page: 3,
      limit: 50,
      sort: [
        { field: "createdAt", desc: true },
        { field: "lastName", desc: false },
      ],
      status: ["ACTIVE", "SUSPENDED"],
      role: ["ADMIN"],
      groupId: 12,
      search: "ada",
      cursor: "",
      filters: [],
      attributes: [],
    });
  });

  it("defaults to the first 25 by last name", () => {
    expect(parse("")).toMatchObject({ page: 1, limit: 25, sort: [{ field: "lastName", desc: false }] });
  });

  it("turns profile fields into exact or prefix filters", () => {
    expect(parse("lastName=Sm*&department=Sales").filters).toEqual([
      { field: "lastName", op: "prefix", value: "Sm" },
      { field: "department", op: "eq", value: "Sales" },
    ]);
  });

  it("refuses, naming the parameter, what it cannot read", () => {
    expect(refusal("colour=red")).toMatchObject({ field: "colour" });
    expect(refusal("sort=password")).toEqual({ code: "bad_request", field: "sort" });
    expect(refusal("status=ASLEEP")).toEqual({ code: "bad_request", field: "status" });
    expect(refusal("role=OWNER")).toEqual({ code: "bad_request", field: "role" });
    for (const group of ["0", "-1", "1e3", "0x10", "2147483648", "abc"])
      expect(refusal(`group=${group}`), group).toEqual({ code: "invalid_input", field: "group" });
    for (const page of ["0", "-2", "1.5", "x", "1000001"])
      expect(refusal(`page=${page}`), page).toEqual({ code: "invalid_input", field: "page" });
    expect(refusal("limit=101")).toEqual({ code: "invalid_input", field: "limit" });
  });
});

describe("what the members query refuses beyond its names", () => {
  it("answers 400 for a repeated parameter, 422 for values past their bounds", () => {
    expect(refusal("status=ACTIVE&status=SUSPENDED")).toEqual({ code: "bad_request", field: "status" });
    expect(refusal("attributes[badge]=1&attributes[badge]=2")).toEqual({
      code: "bad_request",
      field: "attributes[badge]",
    });
    expect(refusal(`lastName=${"x".repeat(255)}`)).toEqual({ code: "invalid_input", field: "lastName" });
    expect(refusal(`attributes[badge]=${"x".repeat(255)}`)).toEqual({
      code: "invalid_input",
      field: "attributes[badge]",
    });
    expect(refusal(`q=${"x".repeat(101)}`)).toEqual({ code: "invalid_input", field: "q" });
    expect(refusal("sort=id,email,role,status,lastName,firstName")).toEqual({ code: "bad_request", field: "sort" });
  });

  it("takes custom attributes by name, profile fields among them, and at most 20 filters", () => {
    expect(parse("attributes[badge]=B-7&attributes[department]=Sal*")).toMatchObject({
      filters: [{ field: "department", op: "prefix", value: "Sal" }],
      attributes: [{ key: "badge", value: "B-7" }],
    });
    expect(refusal("attributes[a b]=1")).toEqual({ code: "bad_request", field: "attributes[a b]" });
    expect(refusal("attributes=1")).toEqual({ code: "bad_request", field: "attributes" });
    const many = Array.from({ length: 21 }, (_, i) => `attributes[a${i}]=1`).join("&");
    expect(refusal(many)).toEqual({ code: "bad_request", field: "filters" });
  });

  it("the export reads the same filters and no paging", () => {
    const exported = (query: string) => parseQuery(memberExportQuerySchema, new URLSearchParams(query));
    expect(exported("status=active&lastName=Sm*")).toMatchObject({
      status: ["ACTIVE"],
      filters: [{ field: "lastName", op: "prefix", value: "Sm" }],
    });
    expect(() => exported("page=2")).toThrow(/Unknown parameter "page"/);
  });
});

describe("empty and odd values", () => {
  it("reads an empty page or limit as absent (the default), as before", () => {
    expect(parse("page=&limit=")).toMatchObject({ page: 1, limit: 25 });
    expect(parseQuery(memberExportQuerySchema, new URLSearchParams("q=&status="))).toMatchObject({
      search: undefined,
      status: undefined,
    });
  });

  it("refuses an attribute name zod's records would drop unseen, rather than listing everyone", () => {
    for (const name of ["__proto__", "constructor", "", "a]b"])
      expect(refusal(`attributes[${name}]=x`).code, name).toBe("bad_request");
  });
});
