// /api/v1/groups and /api/v1/policies, in the style of the records dialect.
import { describe, expect, it } from "vitest";
import { api, expectError, newAccount, newMember } from "./setup/client";

describe.each(["groups", "policies"])("/api/v1/%s", (kind) => {
  it("creates, reads, renames, reassigns, lists and deletes", async () => {
    const acct = await newAccount();
    const a = await newMember(acct.apiKey);
    const b = await newMember(acct.apiKey);
    const base = `/api/v1/${kind}`;
    const created = await api("POST", base, { key: acct.apiKey, body: { name: "Engineering", members: [a.userId] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Engineering",
      members: [a.userId],
      links: [{ rel: "self", url: `${base}/${created.body.id}` }],
    });
    expect(created.headers.get("location")).toBe(`${base}/${created.body.id}`);
    const id = created.body.id;
    // The 201's ETag is the one a read answers: a client can update with If-Match at once.
    expect(created.headers.get("etag")).toBe(
      (await api("GET", `${base}/${id}`, { key: acct.apiKey })).headers.get("etag"),
    );

    expectError(await api("POST", base, { key: acct.apiKey, body: { name: "Engineering" } }), 409, "name_taken");
    // One name whatever its case, in a create and in a rename.
    const clash = await api("POST", base, { key: acct.apiKey, body: { name: "  engineering " } });
    expectError(clash, 409, "name_taken");
    expect(clash.body.error).toContain('"Engineering"');
    const other = await api("POST", base, { key: acct.apiKey, body: { name: "Other" } });
    expectError(
      await api("PATCH", `${base}/${other.body.id}`, { key: acct.apiKey, body: { name: "ENGINEERING" } }),
      409,
      "name_taken",
    );
    // Renaming to itself in another case is not a clash.
    expect((await api("PATCH", `${base}/${other.body.id}`, { key: acct.apiKey, body: { name: "OTHER" } })).status).toBe(
      200,
    );
    await api("DELETE", `${base}/${other.body.id}`, { key: acct.apiKey });
    expectError(await api("POST", base, { key: acct.apiKey, body: {} }), 422);
    expectError(await api("POST", base, { key: acct.apiKey, body: { name: "X", colour: "red" } }), 422);

    const read = await api("GET", `${base}/${id}`, { key: acct.apiKey });
    const etag = read.headers.get("etag") as string;
    expect(etag).toMatch(/^"[gp]\d+\.\d+"$/);
    const renamed = await api("PATCH", `${base}/${id}`, {
      key: acct.apiKey,
      body: { name: "Platform" },
      headers: { "if-match": etag },
    });
    expect(renamed.headers.get("etag")).not.toBe(etag);
    expectError(
      await api("PATCH", `${base}/${id}`, { key: acct.apiKey, body: { name: "Stale" }, headers: { "if-match": etag } }),
      412,
      "precondition_failed",
    );
    expectError(await api("DELETE", `${base}/${id}`, { key: acct.apiKey, headers: { "if-match": etag } }), 412);
    expect(renamed.body).toMatchObject({ name: "Platform", members: [a.userId] });
    const reassigned = await api("PATCH", `${base}/${id}`, {
      key: acct.apiKey,
      body: { members: [b.userId, a.userId] },
    });
    expect(reassigned.body.members).toEqual([a.userId, b.userId].sort((x, y) => x - y));
    const replaced = await api("PUT", `${base}/${id}`, { key: acct.apiKey, body: { name: "Core" } });
    expect(replaced.body).toMatchObject({ name: "Core", members: [] });

    const guest = await newMember(acct.apiKey, "GUEST");
    expectError(
      await api("PATCH", `${base}/${id}`, { key: acct.apiKey, body: { members: [guest.userId] } }),
      409,
      "guest_restricted",
    );

    await api("POST", base, { key: acct.apiKey, body: { name: "Alpha" } });
    const list = await api("GET", `${base}?limit=1`, { key: acct.apiKey });
    expect(list.body.pagination).toMatchObject({
      total: 2,
      count: 1,
      totalPages: 2,
      links: { next: "?page=2&limit=1" },
    });
    expect(list.body.data[0].name).toBe("Alpha");

    const regular = await newMember(acct.apiKey);
    expect((await api("GET", `${base}/${id}`, { key: regular.apiKey })).status).toBe(200);
    expectError(await api("DELETE", `${base}/${id}`, { key: regular.apiKey }), 403);

    const del = await api("DELETE", `${base}/${id}`, { key: acct.apiKey });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expectError(await api("GET", `${base}/${id}`, { key: acct.apiKey }), 404);
  });
});

describe("policies assigned to groups", () => {
  it("take group ids; deleting a group unassigns it", async () => {
    const acct = await newAccount();
    const group = await api("POST", "/api/v1/groups", { key: acct.apiKey, body: { name: "Ops" } });
    const policy = await api("POST", "/api/v1/policies", {
      key: acct.apiKey,
      body: { name: "VPN", groups: [group.body.id] },
    });
    expect(policy.body.groups).toEqual([group.body.id]);
    expectError(
      await api("PATCH", `/api/v1/policies/${policy.body.id}`, { key: acct.apiKey, body: { groups: [999999] } }),
      404,
    );
    await api("DELETE", `/api/v1/groups/${group.body.id}`, { key: acct.apiKey });
    expect((await api("GET", `/api/v1/policies/${policy.body.id}`, { key: acct.apiKey })).body.groups).toEqual([]);
  });
});
