import { beforeAll, describe, expect, it } from "vitest";
import { addMember } from "@/lib/domain/members/add-member";
import { type ListMembersInput, listMembers } from "@/lib/domain/members/list-members";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { getDb } from "@/lib/platform/db/client";
import { newAccount, type TestAccount, uniqueEmail } from "./setup/fixtures";

// A multilingual directory, added in no particular order. The account's owner
// is Olive Owner.
const PEOPLE: [first: string | null, last: string | null, extra?: { title?: string; department?: string }][] = [
  ["Mateo", "Zúñiga"],
  ["Sofía", "Ñúñez"],
  ["Ola", "Ødegård"],
  ["Jan", "Łukasiewicz", { title: "Staff Engineer" }],
  ["Antonín", "Dvořák"],
  ["Elena", "Díaz"],
  ["Tom", "Green"],
  ["Pilar", "Gómez", { department: "Finance" }],
  ["Sean", "O'Brien"],
  ["Ann", "Oates"],
  ["Pieter", "van der Berg"],
  ["Mateo", "García"],
  ["Lucía", "García"],
  ["Bruno", "Alvarez"],
  ["Ana", "Álvarez"],
  ["Lars", "Åberg"],
  ["Иван", "Иванов"],
  ["Zed", "   "],
  ["Yan", null],
];

// What a person expects: accents, case and punctuation ignored, the first
// name breaking ties, blanks last.
const EXPECTED = [
  "Lars Åberg",
  "Ana Álvarez",
  "Bruno Alvarez",
  "Elena Díaz",
  "Antonín Dvořák",
  "Lucía García",
  "Mateo García",
  "Pilar Gómez",
  "Tom Green",
  "Jan Łukasiewicz",
  "Sofía Ñúñez",
  "Ann Oates",
  "Sean O'Brien",
  "Ola Ødegård",
  "Olive Owner",
  "Pieter van der Berg",
  "Mateo Zúñiga",
  "Иван Иванов",
];
const BLANKS = ["Yan", "Zed"];

async function directory() {
  const acct = await newAccount("Names");
  const ids = new Map<string, number>();
  for (const [i, [firstName, lastName, extra]] of PEOPLE.entries()) {
    const m = await addMember(acct.owner, { email: uniqueEmail(`p${i}`), firstName, lastName, ...extra });
    ids.set(`${firstName} ${lastName ?? ""}`.trim(), m.userId);
  }
  return { acct, ids };
}

const label = (r: { firstName: string | null; lastName: string | null }) =>
  (r.lastName?.trim() ? `${r.firstName} ${r.lastName}` : r.firstName) ?? "";

describe("names sort as a person expects", () => {
  let acct: TestAccount;
  beforeAll(async () => {
    ({ acct } = await directory());
  });
  const list = async (input: ListMembersInput) => (await listMembers(acct.owner, { limit: 100, ...input })).rows;

  it("by last name: accents, case and punctuation ignored, first name breaks ties, blanks last", async () => {
    const asc = await list({ sort: [{ field: "lastName", desc: false }] });
    expect(asc.map(label)).toEqual([...EXPECTED, ...BLANKS]);
  });

  it("descending: the names reversed, blanks still last", async () => {
    const desc = await list({ sort: [{ field: "lastName", desc: true }] });
    expect(desc.map(label)).toEqual([...EXPECTED].reverse().concat([...BLANKS].reverse()));
  });

  it("by first name, the last name breaking ties", async () => {
    const asc = await list({ sort: [{ field: "firstName", desc: false }] });
    const mateos = asc.filter((r) => r.firstName === "Mateo").map((r) => r.lastName);
    expect(mateos).toEqual(["García", "Zúñiga"]);
    const firsts = asc.map((r) => r.firstName);
    expect(firsts.indexOf("Ana")).toBeLessThan(firsts.indexOf("Antonín"));
    expect(firsts.indexOf("Lars")).toBeLessThan(firsts.indexOf("Lucía"));
  });

  it("cursor pages read the same order, both ways", async () => {
    for (const desc of [false, true]) {
      const sort = [{ field: "lastName" as const, desc }];
      const whole = (await list({ sort })).map((r) => r.userId);
      const paged: number[] = [];
      let cursor: string | null | undefined = "";
      while (cursor !== null && cursor !== undefined) {
        const page = await listMembers(acct.owner, { sort, limit: 4, cursor });
        paged.push(...page.rows.map((r) => r.userId));
        cursor = page.nextCursor;
      }
      expect(paged).toEqual(whole);
    }
  });

  it("name filters fold the same way: equality and prefixes reach accented names", async () => {
    const sort = [{ field: "lastName" as const, desc: false }];
    const eq = await list({ sort, filters: [{ field: "lastName", op: "eq", value: "García" }] });
    expect(eq.map(label)).toEqual(["Lucía García", "Mateo García"]);
    const prefix = await list({ sort, filters: [{ field: "lastName", op: "prefix", value: "Ø" }] });
    expect(prefix.map(label)).toEqual(["Ola Ødegård"]);
  });
});

describe("search finds people as they are written and as they are typed", () => {
  let acct: TestAccount;
  let ids: Map<string, number>;
  beforeAll(async () => {
    ({ acct, ids } = await directory());
  });
  const search = async (q: string) =>
    (await listMembers(acct.owner, { search: q, limit: 100, sort: [{ field: "lastName", desc: false }] })).rows.map(
      label,
    );

  it("full names in either order, with or without a comma", async () => {
    for (const q of ["Mateo Garcia", "garcia mateo", "García, Mateo", "  MATEO   GARCÍA "])
      expect(await search(q), q).toEqual(["Mateo García"]);
  });

  it("ignores case and accents (Ø, Å, Ł, ñ, é, í) and punctuation in names", async () => {
    expect(await search("odegard")).toEqual(["Ola Ødegård"]);
    expect(await search("ABERG")).toEqual(["Lars Åberg"]);
    expect(await search("lukasiewicz")).toEqual(["Jan Łukasiewicz"]);
    expect(await search("nunez")).toEqual(["Sofía Ñúñez"]);
    expect(await search("Ñúñez")).toEqual(["Sofía Ñúñez"]);
    expect(await search("alvarez")).toEqual(["Ana Álvarez", "Bruno Alvarez"]);
    expect(await search("lucia")).toEqual(["Lucía García"]);
    expect(await search("obrien")).toEqual(["Sean O'Brien"]);
    expect(await search("o'brien")).toEqual(["Sean O'Brien"]);
    expect(await search("иванов")).toEqual(["Иван Иванов"]);
  });

  it("matches title, department and email; LIKE's wildcards are plain characters", async () => {
    expect(await search("staff engineer")).toEqual(["Jan Łukasiewicz"]);
    expect(await search("finance")).toEqual(["Pilar Gómez"]);
    expect(await search("p2-")).toEqual(["Ola Ødegård"]); // her email is p2-<hex>@example.test
  });

  it("follows edits of the profile and of the person's email", async () => {
    const id = ids.get("Tom Green") as number;
    await updateProfile(acct.owner, id, { lastName: "Grønland" });
    expect(await search("gronland tom")).toEqual(["Tom Grønland"]);
    expect(await search("green")).toEqual([]);
    const db = await getDb();
    await db.$executeRaw`UPDATE "User" SET email = 'tom.renamed@example.test' WHERE id = ${id}`;
    expect(await search("tom.renamed")).toEqual(["Tom Grønland"]);
  });

  it("a word that is nowhere finds nobody, and wildcards match only themselves", async () => {
    expect(await search("garcia zzz")).toEqual([]);
    expect(await search("%")).toEqual([]);
    expect(await search("_")).toEqual([]);
  });
});
