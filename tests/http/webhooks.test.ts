// Webhooks over HTTP (issue 30): the app server's own dispatcher posts to a
// receiver in the test process; each delivery verified with the
// `standardwebhooks` package; the secret is answered once; admins only.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, expectError, newAccount, newMember } from "./setup/client";

const got: { headers: Record<string, string>; body: string }[] = [];
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  got.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
  res.end("thanks");
});
beforeAll(() => new Promise<void>((r) => server.listen(0, "127.0.0.1", r)));
afterAll(() => new Promise((r) => server.close(r)));

const until = async (ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
};

describe("/api/v1/webhooks", () => {
  it("creates an endpoint (secret once), the server delivers signed events in order, the log shows them", async () => {
    const acct = await newAccount("Hooks");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
    const created = await api("POST", "/api/v1/webhooks", {
      key: acct.apiKey,
      body: { url, events: ["member.*"], description: "CRM sync" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toMatch(/^"w\d+\.0"$/);
    const secret = created.body.secret as string;
    const id = created.body.id as number;
    const read = await api("GET", `/api/v1/webhooks/${id}`, { key: acct.apiKey });
    expect(JSON.stringify(read.body)).not.toContain(secret);
    expectError(
      await api("POST", "/api/v1/webhooks", {
        key: acct.apiKey,
        body: { url: "ftp://x.example", events: ["member.*"] },
      }),
      422,
    );
    const regular = await newMember(acct.apiKey, "REGULAR");
    expectError(await api("GET", "/api/v1/webhooks", { key: regular.apiKey }), 403, "forbidden");
    const other = await newAccount("Other");
    expectError(await api("GET", `/api/v1/webhooks/${id}`, { key: other.apiKey }), 404);

    await newMember(acct.apiKey, "GUEST");
    await until(() => got.length >= 2);
    const events = got.map((r) => new Webhook(secret).verify(r.body, r.headers) as { type: string; sequence: number });
    expect(events.map((e) => e.type)).toEqual(["member.created", "member.created"]);
    expect(events[0].sequence).toBeLessThan(events[1].sequence);
    const log = await api("GET", `/api/v1/webhooks/${id}/deliveries`, { key: acct.apiKey });
    expect(log.body.data.map((d: { status: string }) => d.status)).toEqual(["succeeded", "succeeded"]);
    expect(log.body.data[0]).toMatchObject({ responseStatus: 200, responseBody: "thanks", attempts: 1 });

    const test = await api("POST", `/api/v1/webhooks/${id}/test`, { key: acct.apiKey });
    expect(test.body).toMatchObject({ ok: true, status: 200 });
    const rotated = await api("POST", `/api/v1/webhooks/${id}/rotate-secret`, { key: acct.apiKey });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);

    // A change names the version it read (If-Match with the GET's ETag); an older one is a 412.
    const current = await api("GET", `/api/v1/webhooks/${id}`, { key: acct.apiKey });
    const etag = current.headers.get("etag") as string;
    const patched = await api("PATCH", `/api/v1/webhooks/${id}`, {
      key: acct.apiKey,
      headers: { "if-match": etag },
      body: { description: "CRM sync (paused)", enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: "CRM sync (paused)", enabled: false });
    expect(patched.headers.get("etag")).not.toBe(etag);
    expectError(
      await api("PATCH", `/api/v1/webhooks/${id}`, {
        key: acct.apiKey,
        headers: { "if-match": etag },
        body: { enabled: true },
      }),
      412,
      "precondition_failed",
    );
    expect((await api("DELETE", `/api/v1/webhooks/${id}`, { key: acct.apiKey })).status).toBe(204);
    expectError(await api("GET", `/api/v1/webhooks/${id}`, { key: acct.apiKey }), 404);
  });
});
