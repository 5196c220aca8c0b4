// A client generated from the served document, as an integrator would make it:
// openapi-typescript types (committed; this test fails when they drift from
// the document) and openapi-fetch, driving the records dialect end to end.
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, apiTypes } from "../../scripts/openapi-types";
import type { paths } from "./generated/roster-api";
import { api, baseUrl, clientAddress, newAccount, uniqueEmail } from "./setup/client";

describe("a client generated from /api/v1/openapi.json", () => {
  it("has types that match the served document (regenerate with npm run api:types)", async () => {
    const doc = (await api("GET", "/api/v1/openapi.json")).body;
    expect(await apiTypes(doc)).toBe(readFileSync(API_TYPES_FILE, "utf8"));
  });

  it("lists, creates, reads, patches, replaces and deletes records with typed calls", async () => {
    const { apiKey } = await newAccount();
    const client = createClient<paths>({
      baseUrl: baseUrl(),
      headers: { authorization: `Bearer ${apiKey}`, "x-forwarded-for": clientAddress },
    });
    const email = uniqueEmail("typed");
    const created = await client.POST("/api/v1/account/accounts", {
      body: { email, firstName: "Ada", lastName: "Lovelace", department: "Analytics", badge: "B-1" },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    expect(created.response.headers.get("etag")).toBeTruthy();

    const listed = await client.GET("/api/v1/account/accounts", {
      params: { query: { lastName: "Love*", attributes: { badge: "B-1" }, sort: "-lastName", limit: 10 } },
    });
    expect(listed.response.status).toBe(200);
    expect(listed.data!.data.map((r) => r.id)).toEqual([id]);

    const read = await client.GET("/api/v1/account/accounts/{id}", { params: { path: { id } } });
    expect(read.data).toMatchObject({ id, email, firstName: "Ada", badge: "B-1" });
    const etag = read.response.headers.get("etag")!;

    const patched = await client.PATCH("/api/v1/account/accounts/{id}", {
      params: { path: { id }, header: { "If-Match": etag } },
      body: { title: "Countess" },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject({ title: "Countess", lastName: "Lovelace" });

    const stale = await client.PUT("/api/v1/account/accounts/{id}", {
      params: { path: { id }, header: { "If-Match": etag } },
      body: { email, firstName: "Ada" },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ code: "precondition_failed" });

    const replaced = await client.PUT("/api/v1/account/accounts/{id}", {
      params: { path: { id } },
      body: { email, firstName: "Ada" },
    });
    expect(replaced.data).toMatchObject({ firstName: "Ada", lastName: null, title: null });

    const deleted = await client.DELETE("/api/v1/account/accounts/{id}", { params: { path: { id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await client.GET("/api/v1/account/accounts/{id}", { params: { path: { id } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error).toMatchObject({ code: "not_found" });
  });
});
