import { describe, expect, it } from "vitest";
import type { DomainError } from "../../../platform/errors";
import { parseQuery } from "../../query-params";
import { AUDIT_PARAMS, auditPageQuerySchema, auditQuerySchema } from "./query";

const parse = (query: string) => parseQuery(auditQuerySchema, new URLSearchParams(query));

describe("the audit log's filters", () => {
  it("reads a user id or words as the actor, and whole UTC days", () => {
    expect(parse("actor=42&from=2026-01-02&to=2026-01-03&targetType=membership")).toEqual({
      actorUserId: 42,
      actorSearch: undefined,
      action: undefined,
      targetType: "membership",
      targetId: undefined,
      from: new Date("2026-01-02T00:00:00Z"),
      to: new Date("2026-01-03T23:59:59.999Z"),
    });
    expect(parse("actor= Ada L &action=member.")).toMatchObject({ actorSearch: "Ada L", action: "member." });
    expect(parse("actor=&targetType=")).toMatchObject({ actorUserId: undefined, targetType: undefined });
  });

  it("refuses what it cannot read, naming it", () => {
    const refused = (query: string) => {
      try {
        parse(query);
      } catch (e) {
        return { code: (e as DomainError).code, field: (e as DomainError).details[0]?.field };
      }
      throw new Error(`${query} was accepted`);
    };
    expect(refused("from=2026-13-40")).toEqual({ code: "invalid_input", field: "from" });
    expect(refused("to=yesterday")).toEqual({ code: "invalid_input", field: "to" });
    expect(refused("targetType=planet")).toEqual({ code: "invalid_input", field: "targetType" });
    expect(refused("page=2")).toEqual({ code: "bad_request", field: "page" });
  });

  it("the console's page takes the same filters and a page", () => {
    expect(parseQuery(auditPageQuerySchema, new URLSearchParams("actor=Ada&page=3"))).toMatchObject({
      actorSearch: "Ada",
      page: 3,
    });
    expect(AUDIT_PARAMS).toEqual(["actor", "action", "targetType", "targetId", "from", "to"]);
  });
});
