import { parse } from "scim2-parse-filter";
import { describe, expect, it } from "vitest";
import { Prisma } from "../../generated/prisma/client";
import { DomainError } from "../../platform/errors";
import { compileFilter, type Fields, renameFilter } from "./filter-sql";

const FIELDS: Fields = {
  id: { sql: Prisma.sql`m."userId"`, kind: "id" },
  userName: { sql: Prisma.sql`m."usernameKey"`, kind: "lower" },
  externalId: { sql: Prisma.sql`m."externalId"`, kind: "exact" },
  lastName: { sql: Prisma.sql`m."lastName"`, kind: "text" },
  active: { sql: Prisma.sql`(m.status = 'ACTIVE')`, kind: "boolean" },
  createdAt: { sql: Prisma.sql`m."createdAt"`, kind: "date" },
};

/** A dialect's names for them, as the SCIM folder keeps its own. */
const NAMES: Record<string, string> = {
  id: "id",
  username: "userName",
  externalid: "externalId",
  "name.familyname": "lastName",
  active: "active",
  "meta.created": "createdAt",
  emails: "emails",
};

const rename = (text: string) =>
  renameFilter(
    parse(text),
    (p) => NAMES[p.toLowerCase()] ?? null,
    (p) => (p.toLowerCase() === "emails" ? (q) => (q === "value" ? "value" : null) : null),
  );

const sql = (filter: string) => {
  const s = compileFilter(rename(filter), FIELDS, {
    emails: { fields: { value: { sql: Prisma.sql`m."sortEmail"`, kind: "lower" } }, some: (inner) => inner },
  });
  return { text: s.text, values: s.values };
};

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return { code: (e as DomainError).code, message: (e as DomainError).message };
  }
  throw new Error("no error");
};

describe("filters (RFC 7644 grammar) compiled to SQL over named fields", () => {
  it("compares attribute names case-insensitively, strings lower-cased unless caseExact", () => {
    expect(sql('UserName eq "Ada@Example.COM"')).toEqual({
      text: '(m."usernameKey" = $1)',
      values: ["ada@example.com"],
    });
    expect(sql('externalId eq "AbC"')).toEqual({ text: '(m."externalId" = $1)', values: ["AbC"] });
    expect(sql('name.familyName eq "Nguyễn"')).toEqual({ text: '(lower(m."lastName") = $1)', values: ["nguyễn"] });
    expect(sql('emails[value eq "A@x.test"]')).toEqual({ text: '(m."sortEmail" = $1)', values: ["a@x.test"] });
  });

  it("escapes LIKE wildcards in co, sw and ew: a value is matched as written", () => {
    expect(sql('userName co "50%_off"').values).toEqual(["%50\\%\\_off%"]);
    expect(sql('userName sw "a_"').values).toEqual(["a\\_%"]);
    expect(sql('userName ew "%"').values).toEqual(["%\\%"]);
  });

  it("keeps values out of the SQL text, whatever they hold", () => {
    const s = sql(`userName eq "x') OR 1=1 --" or name.familyName co "'; DROP TABLE \\"User\\"; --"`);
    expect(s.text).toBe('((m."usernameKey" = $1) OR (lower(m."lastName") LIKE $2))');
    expect(s.values).toHaveLength(2);
  });

  it("compiles and, or, not, pr, booleans and dates", () => {
    expect(sql("active eq true").text).toBe("(m.status = 'ACTIVE')");
    expect(sql("active eq false").text).toBe("NOT ((m.status = 'ACTIVE'))");
    expect(sql("not (active eq true)").text).toBe("NOT COALESCE((m.status = 'ACTIVE'), false)");
    expect(sql("externalId pr").text).toBe('(m."externalId" IS NOT NULL)');
    expect(sql('meta.created gt "2026-01-02T03:04:05Z"')).toEqual({
      text: `(m."createdAt" > $1::timestamptz AT TIME ZONE 'UTC')`,
      values: ["2026-01-02T03:04:05.000Z"],
    });
  });

  it("matches no row for an id past PostgreSQL's int, instead of failing", () => {
    expect(sql('id eq "99999999999999999999"').text).toBe("false");
    expect(sql('id ne "99999999999999999999"').text).toBe("true");
    expect(sql('id eq "42"')).toEqual({ text: '(m."userId"::bigint = $1::bigint)', values: [42] });
  });

  it("refuses as invalid_filter, naming the attribute as the caller wrote it, what it cannot compare", () => {
    for (const [bad, why] of [
      ['nickName eq "x"', "Cannot filter on nickName"],
      ['active eq "yes"', "active compares with true or false"],
      ["active gt true", "active takes eq or ne"],
      ['meta.created gt "yesterday"', "meta.created compares with a date"],
      ['title[value eq "x"]', "Cannot filter on title[…]"],
      ['emails[type eq "work"]', "Cannot filter on type"],
    ])
      expect(
        refusal(() => sql(bad)),
        bad,
      ).toEqual({ code: "invalid_filter", message: expect.stringContaining(why) });
  });
});
