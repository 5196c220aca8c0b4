import { describe, expect, it } from "vitest";
import { Prisma } from "../../generated/prisma/client";
import { ScimError } from "./errors";
import { type Columns, compileFilter, parseFilter } from "./filter";

const COLUMNS: Columns = {
  id: { sql: Prisma.sql`m."userId"`, kind: "id" },
  username: { sql: Prisma.sql`m."usernameKey"`, kind: "lower" },
  externalid: { sql: Prisma.sql`m."externalId"`, kind: "exact" },
  "name.familyname": { sql: Prisma.sql`m."lastName"`, kind: "text" },
  active: { sql: Prisma.sql`(m.status = 'ACTIVE')`, kind: "boolean" },
  "meta.created": { sql: Prisma.sql`m."createdAt"`, kind: "date" },
};

const sql = (filter: string) => {
  const s = compileFilter(parseFilter(filter), COLUMNS);
  return { text: s.text, values: s.values };
};

const scimError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return { status: (e as ScimError).status, scimType: (e as ScimError).scimType };
  }
  throw new Error("no error");
};

describe("SCIM filters compiled to SQL (RFC 7644 §3.4.2.2)", () => {
  it("compares attribute names case-insensitively, strings lower-cased unless caseExact", () => {
    expect(sql('UserName eq "Ada@Example.COM"')).toEqual({
      text: '(m."usernameKey" = $1)',
      values: ["ada@example.com"],
    });
    expect(sql('externalId eq "AbC"')).toEqual({ text: '(m."externalId" = $1)', values: ["AbC"] });
    expect(sql('name.familyName eq "Nguyễn"')).toEqual({ text: '(lower(m."lastName") = $1)', values: ["nguyễn"] });
    expect(sql('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"').text).toBe('(m."usernameKey" = $1)');
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

  it("answers 400 invalidFilter for what it cannot read or compare", () => {
    for (const bad of [
      'userName eq "unclosed',
      'nickName eq "x"',
      'active eq "yes"',
      "active gt true",
      'meta.created gt "yesterday"',
      'emails[type eq "work"]',
    ])
      expect(
        scimError(() => sql(bad)),
        bad,
      ).toEqual({ status: 400, scimType: "invalidFilter" });
  });
});
