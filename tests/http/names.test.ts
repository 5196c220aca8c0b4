// Names with accents, prefixes and blanks, sorted and searched through every
// dialect that sorts or searches: records (seed 003), the console's member
// list and its CSV export, and SCIM's sortBy.
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, clientAddress, newAccount } from "./setup/client";
import { scimClient } from "./setup/scim";

const PEOPLE: [string, string | null][] = [
  ["Mateo", "Zúñiga"],
  ["Ola", "Ødegård"],
  ["Jan", "Łukasiewicz"],
  ["Elena", "Díaz"],
  ["Antonín", "Dvořák"],
  ["Pilar", "Gómez"],
  ["Tom", "Green"],
  ["Sean", "O'Brien"],
  ["Pieter", "van der Berg"],
  ["Mateo", "García"],
  ["Lucía", "García"],
  ["Bruno", "Alvarez"],
  ["Ana", "Álvarez"],
  ["Lars", "Åberg"],
  ["Zed", ""],
  ["Yan", null],
];
// The account's owner (created without names) is blank too, sorted by id among the blanks.
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
  "Sean O'Brien",
  "Ola Ødegård",
  "Pieter van der Berg",
  "Mateo Zúñiga",
];

type Named = { firstName?: string | null; lastName?: string | null };
const label = (r: Named) => (r.lastName?.trim() ? `${r.firstName} ${r.lastName}` : "-");

let acct: Awaited<ReturnType<typeof newAccount>>;
beforeAll(async () => {
  acct = await newAccount("Names");
  for (const [i, [firstName, lastName]] of PEOPLE.entries()) {
    const r = await api("POST", "/api/v1/account/accounts", {
      key: acct.apiKey,
      body: { email: `p${i}-${acct.accountId}@example.test`, firstName, lastName, title: i === 2 ? "Staff" : null },
    });
    expect(r.status).toBe(201);
  }
});

const blanks = PEOPLE.filter(([, l]) => !l?.trim()).length + 1;

describe("every dialect that sorts orders names as a person expects", () => {
  it("records (seed 003): ascending, descending and by cursor", async () => {
    const names = async (q: string) =>
      (await api("GET", `/api/v1/account/accounts?limit=100&${q}`, { key: acct.apiKey })).body.data.map(label);
    expect(await names("sort=lastName")).toEqual([...EXPECTED, ...Array(blanks).fill("-")]);
    expect(await names("sort=-lastName")).toEqual([...EXPECTED].reverse().concat(Array(blanks).fill("-")));
    const seen: string[] = [];
    let url = "/api/v1/account/accounts?cursor=&limit=4&sort=lastName";
    while (url) {
      const page = await api("GET", url, { key: acct.apiKey });
      seen.push(...page.body.data.map(label));
      url = page.body.pagination.links.next ? `/api/v1/account/accounts${page.body.pagination.links.next}` : "";
    }
    expect(seen).toEqual([...EXPECTED, ...Array(blanks).fill("-")]);
  });

  it("the console's member list and its CSV export", async () => {
    const list = await api("GET", "/api/v1/members?sort=-lastName&limit=100", { key: acct.apiKey });
    expect(list.body.data.map(label)).toEqual([...EXPECTED].reverse().concat(Array(blanks).fill("-")));
    const csv = await fetch(`${baseUrl()}/api/v1/members/export?sort=lastName`, {
      headers: { authorization: `Bearer ${acct.apiKey}`, "x-forwarded-for": clientAddress },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    const positions = EXPECTED.map((n) => text.indexOf(n.split(" ").at(-1) as string));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("SCIM's sortBy on name.familyName, both ways", async () => {
    const scim = await scimClient(acct.accountId, acct.email);
    const names = async (order: string) =>
      (await scim("GET", `/Users?count=100&sortBy=name.familyName&sortOrder=${order}`)).body.Resources.map(
        (u: { name?: { givenName?: string; familyName?: string } }) =>
          label({ firstName: u.name?.givenName, lastName: u.name?.familyName }),
      );
    expect(await names("ascending")).toEqual([...EXPECTED, ...Array(blanks).fill("-")]);
    expect(await names("descending")).toEqual([...EXPECTED].reverse().concat(Array(blanks).fill("-")));
  });
});

describe("the console's search", () => {
  const search = async (q: string) =>
    (
      await api("GET", `/api/v1/members?sort=lastName&limit=100&q=${encodeURIComponent(q)}`, { key: acct.apiKey })
    ).body.data.map(label);

  it("finds full names in either order, ignoring case and accents, and titles", async () => {
    expect(await search("Mateo Garcia")).toEqual(["Mateo García"]);
    expect(await search("garcía, MATEO")).toEqual(["Mateo García"]);
    expect(await search("odegard")).toEqual(["Ola Ødegård"]);
    expect(await search("ÅBERG")).toEqual(["Lars Åberg"]);
    expect(await search("lukasiewicz")).toEqual(["Jan Łukasiewicz"]);
    expect(await search("obrien")).toEqual(["Sean O'Brien"]);
    expect(await search("van der")).toEqual(["Pieter van der Berg"]);
    expect(await search("staff")).toEqual(["Jan Łukasiewicz"]);
    expect(await search("alvarez")).toEqual(["Ana Álvarez", "Bruno Alvarez"]);
    expect(await search("%")).toEqual([]);
  });
});
