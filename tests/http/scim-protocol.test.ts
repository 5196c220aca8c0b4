// The parts of RFC 7644 an identity provider probes besides Users and Groups:
// discovery by id, authentication challenges, conditional GETs.
import { describe, expect, it } from "vitest";
import { adminCommand, baseUrl, clientAddress, newAccount, newMember } from "./setup/client";

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/scim/v2${path}`, { headers: { "x-forwarded-for": clientAddress, ...headers } });

describe("SCIM protocol surface", () => {
  it("serves every schema and resource type at the URL its list names", async () => {
    for (const list of ["/Schemas", "/ResourceTypes"]) {
      const body = await (await get(list)).json();
      expect(body.Resources.length).toBeGreaterThan(1);
      for (const r of body.Resources) {
        const one = await fetch(r.meta.location, { headers: { "x-forwarded-for": clientAddress } });
        expect(one.status, r.meta.location).toBe(200);
        expect(one.headers.get("content-type")).toContain("application/scim+json");
        expect((await one.json()).id).toBe(r.id);
      }
    }
    expect((await get("/Schemas/urn:nope")).status).toBe(404);
    expect((await get("/ResourceTypes/Nope")).status).toBe(404);
  });

  it("answers 401 with a Bearer challenge", async () => {
    for (const auth of [undefined, "Bearer rscim_not-a-token"]) {
      const r = await get("/Users", auth ? { authorization: auth } : {});
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("answers a GET with the current ETag in If-None-Match with 304", async () => {
    const acct = await newAccount();
    const { token } = await adminCommand<{ token: string }>([
      "create-scim-token",
      "--account",
      String(acct.accountId),
      "--email",
      acct.email,
      "--label",
      "etag",
    ]);
    const m = await newMember(acct.apiKey);
    const auth = { authorization: `Bearer ${token}` };
    const first = await get(`/Users/${m.userId}`, auth);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/"\d+"$/);
    const again = await get(`/Users/${m.userId}`, { ...auth, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await get(`/Users/${m.userId}`, { ...auth, "if-none-match": 'W/"999999"' });
    expect(other.status).toBe(200);
  });
});
