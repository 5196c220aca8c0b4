// Verified domains over HTTP: the record published on the loopback DNS server
// (setup/server.ts) verifies the domain; what else the API answers.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { api, newAccount, newMember } from "./setup/client";

const publish = (name: string, values: string[]) =>
  writeFileSync(path.join(inject("dnsDir"), `${name}.json`), JSON.stringify(values));

describe("/api/v1/domains", () => {
  it("claims a domain, answers the TXT record, verifies it once published, and keeps it from another account", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const name = `http${Date.now().toString(36)}.example`;
    const added = await api("POST", "/api/v1/domains", { key: a.apiKey, body: { domain: name.toUpperCase() } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ domain: name, status: "pending", enrollment: "off" });
    expect(added.headers.get("location")).toBe(`/api/v1/domains/${added.body.id}`);
    const failed = await api("POST", `/api/v1/domains/${added.body.id}/verify`, { key: a.apiKey });
    expect(failed.status).toBe(409);
    expect(failed.body.code).toBe("verification_failed");
    publish(added.body.verification.name, [added.body.verification.value]);
    const verified = await api("POST", `/api/v1/domains/${added.body.id}/verify`, { key: a.apiKey });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe("verified");
    // Another account: its id is not found here, and it cannot verify the same name.
    expect((await api("GET", `/api/v1/domains/${added.body.id}`, { key: b.apiKey })).status).toBe(404);
    const theirs = await api("POST", "/api/v1/domains", { key: b.apiKey, body: { domain: name } });
    publish(theirs.body.verification.name, [theirs.body.verification.value]);
    const refused = await api("POST", `/api/v1/domains/${theirs.body.id}/verify`, { key: b.apiKey });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("conflict");
    // If-Match on PATCH.
    const etag = verified.headers.get("etag") as string;
    const patched = await api("PATCH", `/api/v1/domains/${added.body.id}`, {
      key: a.apiKey,
      body: { enrollment: "auto_join" },
      headers: { "if-match": etag },
    });
    expect(patched.body.enrollment).toBe("auto_join");
    const stale = await api("PATCH", `/api/v1/domains/${added.body.id}`, {
      key: a.apiKey,
      body: { enrollment: "off" },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
  });

  it("refuses public mail domains with a 422 naming the field, and a REGULAR with 403", async () => {
    const a = await newAccount();
    const r = await api("POST", "/api/v1/domains", { key: a.apiKey, body: { domain: "gmail.com" } });
    expect(r.status).toBe(422);
    expect(r.body.details[0].field).toBe("domain");
    const regular = await newMember(a.apiKey, "REGULAR");
    expect((await api("GET", "/api/v1/domains", { key: regular.apiKey })).status).toBe(403);
  });
});
