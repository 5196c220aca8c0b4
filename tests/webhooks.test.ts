// Webhooks (issue 30): a receiver in the test process; every delivery checked
// with the `standardwebhooks` package (an independent implementation of the
// signatures); order, retries that hold later events, giving up, rotation,
// replay, two dispatchers at once, and the outbound safety rules.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pruneEvents } from "@/lib/domain/events/retention";
import { createGroup } from "@/lib/domain/groups/groups";
import { setMemberRole } from "@/lib/domain/members/change-role";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { listDeliveries, sendTestEvent } from "@/lib/domain/webhooks/deliveries";
import { dispatchOnce } from "@/lib/domain/webhooks/dispatch";
import {
  addEndpoint,
  getEndpoint,
  listEndpoints,
  replayEndpoint,
  retryEndpoint,
  rotateSecret,
  updateEndpoint,
} from "@/lib/domain/webhooks/endpoints";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, type TestAccount } from "./setup/fixtures";

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A receiver on loopback: records what it is sent, answers what the test says. */
function receiver() {
  const got: Received[] = [];
  let answer: (req: IncomingMessage, res: import("node:http").ServerResponse) => void = (_q, res) => res.end("ok");
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    got.push({
      path: req.url ?? "",
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks).toString(),
    });
    answer(req, res);
  });
  return {
    got,
    server,
    answer: (fn: typeof answer) => {
      answer = fn;
    },
    /** A path of its own per endpoint: other tests' endpoints post here too. */
    url: (path = `/hook/${Math.random().toString(36).slice(2)}`) =>
      `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
  };
}

let rx: ReturnType<typeof receiver>;
beforeAll(async () => {
  process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE = "1";
  rx = receiver();
  await new Promise<void>((r) => rx.server.listen(0, "127.0.0.1", r));
});
afterAll(async () => {
  delete process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE;
  rx.server.closeAllConnections();
  await new Promise((r) => rx.server.close(r));
});
afterEach(() => {
  rx.got.length = 0;
  rx.answer((_q, res) => res.end("ok"));
  delete process.env.ROSTER_WEBHOOK_RETRY_SCHEDULE;
});

/** Runs the dispatcher until it has nothing left that is due. */
async function drain() {
  for (let i = 0; i < 50 && (await dispatchOnce()) > 0; i++);
}

const verified = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, r.headers) as { sequence: number; type: string };

/** An endpoint at a path of its own; `got()` is what reached it. */
async function endpoint(acct: TestAccount, events = ["member.*"]) {
  const url = rx.url();
  const e = await addEndpoint(acct.owner, { url, events, description: "test receiver" });
  const path = new URL(url).pathname;
  return { ...e, got: () => rx.got.filter((r) => r.path === path) };
}

describe("webhook endpoints", () => {
  it("answer the secret once, sealed at rest; refuse bad URLs and unknown types by name; ADMIN+; this account's only", async () => {
    const acct = await newAccount();
    const e = await endpoint(acct);
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const row = await (await getDb()).webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect(row.secret).not.toContain(e.secret.slice(6));
    expect(JSON.stringify(await listEndpoints(acct.owner))).not.toContain(e.secret);
    const field = async (body: Record<string, unknown>) =>
      (await expectDomainError(addEndpoint(acct.owner, body), "invalid_input")).details.map((d) => d.field);
    expect(await field({ url: "ftp://x.example/h", events: ["member.*"] })).toEqual(["url"]);
    // Not a URL at all (the fuzz found a 500 here): one refusal naming url.
    expect(await field({ url: '"3B__prot', events: ["member.*"] })).toEqual(["url"]);
    expect(await field({ url: "https://u:p@x.example/h", events: ["member.*"] })).toEqual(["url"]);
    expect(await field({ url: "https://x.example/h", events: ["members.*"] })).toEqual(["events"]);
    expect(await field({ url: "https://x.example/h", events: [] })).toEqual(["events"]);
    delete process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE;
    try {
      expect(await field({ url: rx.url(), events: ["member.*"] })).toEqual(["url"]);
    } finally {
      process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE = "1";
    }
    const regular = await newMember(acct, "REGULAR");
    await expectDomainError(listEndpoints(regular.actor), "forbidden");
    const other = await newAccount("Other");
    await expectDomainError(getEndpoint(other.owner, e.id), "not_found");
  });
});

describe("delivery", () => {
  it("an endpoint disabled past the retention says which events it can no longer receive, and goes on after them", async () => {
    const acct = await newAccount();
    const e = await endpoint(acct);
    const db = await getDb();
    await db.webhookEndpoint.update({ where: { id: e.id }, data: { state: "DISABLED" } });
    await newMember(acct, "REGULAR");
    const last = await newMember(acct, "REGULAR");
    expect((await listDeliveries(acct.owner, e.id, {})).missedThrough).toBeNull();
    const events = await db.event.findMany({ where: { accountId: acct.accountId }, orderBy: { sequence: "asc" } });
    await db.event.updateMany({
      where: { id: { in: events.slice(0, -1).map((x) => x.id) } },
      data: { occurredAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    await pruneEvents();
    const log = await listDeliveries(acct.owner, e.id, {});
    expect(log.missedThrough).toBe(events.length - 1);
    expect(log.waiting).toBe(1);
    await db.webhookEndpoint.update({ where: { id: e.id }, data: { state: "ENABLED" } });
    await drain();
    const got = e.got().map((r) => verified(e.secret, r));
    expect(got.map((x) => x.sequence)).toEqual([events.length]);
    expect(String(last.userId)).toBe(
      (JSON.parse(e.got()[0].body) as { data: { target: { id: string } } }).data.target.id,
    );
    expect((await listDeliveries(acct.owner, e.id, {})).missedThrough).toBeNull();
  });

  it("posts each subscribed event once, in sequence order, signed per Standard Webhooks; passes over the rest", async () => {
    const acct = await newAccount();
    const e = await endpoint(acct);
    const m = await newMember(acct, "REGULAR");
    await createGroup(acct.owner, { name: "Not subscribed" });
    await updateProfile(acct.owner, m.userId, { title: "Pilot" });
    await setMemberRole(acct.owner, m.userId, "DEVELOPER");
    await drain();
    const events = e.got().map((r) => verified(e.secret, r));
    expect(events.map((x) => x.type)).toEqual(["member.created", "member.updated", "member.role_changed"]);
    const seqs = events.map((x) => x.sequence);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(e.got()[0].headers["webhook-id"]).toMatch(/^evt_/);
    const log = await listDeliveries(acct.owner, e.id, {});
    expect(log.data.map((d) => d.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(log.waiting).toBe(0);
    const after = await getEndpoint(acct.owner, e.id);
    const account = await (await getDb()).account.findUniqueOrThrow({ where: { id: acct.accountId } });
    expect(after.cursor).toBe(account.eventSequence);
    // A signature made with another secret does not verify.
    expect(() =>
      new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(e.got()[0].body, e.got()[0].headers),
    ).toThrow();
  });

  it("a failing event holds the later ones; retries on the schedule; gives up and disables; enabled again, all arrive in order", async () => {
    process.env.ROSTER_WEBHOOK_RETRY_SCHEDULE = "0,0";
    const acct = await newAccount();
    const e = await endpoint(acct);
    rx.answer((_q, res) => {
      res.statusCode = 500;
      res.end("down for maintenance");
    });
    await newMember(acct, "REGULAR");
    await newMember(acct, "GUEST");
    await drain();
    // Three tries of the first event (now, then the two retries), none of the second.
    expect(e.got()).toHaveLength(3);
    const ids = new Set(e.got().map((r) => r.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    const stopped = await getEndpoint(acct.owner, e.id);
    expect(stopped.enabled).toBe(false);
    expect(stopped.disabledReason).toContain("500");
    const log = await listDeliveries(acct.owner, e.id, {});
    expect(log.data[0]).toMatchObject({
      status: "failed",
      attempts: 3,
      responseStatus: 500,
      responseBody: "down for maintenance",
    });
    expect(log.waiting).toBe(2);
    const audit = await (await getDb()).auditEvent.findFirst({
      where: { accountId: acct.accountId, action: "webhook.disable" },
    });
    expect(audit).not.toBeNull();

    rx.got.length = 0;
    rx.answer((_q, res) => res.end("ok"));
    await updateEndpoint(acct.owner, e.id, { enabled: true });
    await drain();
    const events = e.got().map((r) => verified(e.secret, r));
    expect(events.map((x) => x.type)).toEqual(["member.created", "member.created"]);
    expect(e.got()[0].headers["webhook-id"]).toBe([...ids][0]); // the same event: the same id
  });

  it("Retry now tries the held event at once instead of at its next scheduled retry; refused when nothing is held", async () => {
    process.env.ROSTER_WEBHOOK_RETRY_SCHEDULE = "3600";
    const acct = await newAccount();
    const e = await endpoint(acct);
    await expectDomainError(retryEndpoint(acct.owner, e.id), "conflict"); // nothing failing yet
    rx.answer((_q, res) => {
      res.statusCode = 503;
      res.end("busy");
    });
    await newMember(acct, "REGULAR");
    await newMember(acct, "GUEST");
    await drain();
    expect(e.got()).toHaveLength(1);
    // Held for an hour: another round posts nothing.
    await drain();
    expect(e.got()).toHaveLength(1);
    rx.answer((_q, res) => res.end("ok"));
    const regular = await newMember(acct, "REGULAR");
    await expectDomainError(retryEndpoint(regular.actor, e.id), "forbidden");
    const other = await newAccount();
    await expectDomainError(retryEndpoint(other.owner, e.id), "not_found");
    const due = await retryEndpoint(acct.owner, e.id);
    expect(due.attempts).toBe(1);
    await drain();
    // The held event again (same id), then the rest, in order.
    const seqs = e.got().map((r) => verified(e.secret, r).sequence);
    expect(seqs[0]).toBe(seqs[1]);
    expect(seqs.slice(1)).toEqual([...seqs.slice(1)].sort((a, b) => a - b));
    expect(seqs).toHaveLength(4);
    expect((await getEndpoint(acct.owner, e.id)).attempts).toBe(0);
    await updateEndpoint(acct.owner, e.id, { enabled: false });
    await expectDomainError(retryEndpoint(acct.owner, e.id), "conflict"); // disabled: enable it instead
  });

  it("an endpoint disabled while its events go out stops within the posts under way, each of them booked", async () => {
    const acct = await newAccount();
    const e = await endpoint(acct);
    for (let i = 0; i < 30; i++) await newMember(acct, "REGULAR");
    const db = await getDb();
    // The admin disables it while the first post is being answered.
    let first = true;
    rx.answer(async (_q, res) => {
      if (first) await db.webhookEndpoint.update({ where: { id: e.id }, data: { state: "DISABLED" } });
      first = false;
      res.end("ok");
    });
    await drain();
    // Posts run ahead of their bookkeeping by at most 8 (dispatch.ts AHEAD), so
    // at most the first and the 8 posted while it was booked arrive.
    const seqs = e.got().map((r) => verified(e.secret, r).sequence);
    expect(seqs.length).toBeGreaterThanOrEqual(1);
    expect(seqs.length).toBeLessThanOrEqual(9);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    // Every post that went out is booked: the cursor is on the last, each has its log row.
    expect(row.cursor).toBe(seqs[seqs.length - 1]);
    const logged = await db.webhookDelivery.findMany({ where: { endpointId: e.id }, orderBy: { sequence: "asc" } });
    expect(logged.map((d) => [d.sequence, d.status])).toEqual(seqs.map((q) => [q, "succeeded"]));
    expect(row.leaseToken).toBeNull();
    // Enabled again: the rest arrive, none twice.
    await updateEndpoint(acct.owner, e.id, { enabled: true });
    await drain();
    const all = e.got().map((r) => verified(e.secret, r).sequence);
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    expect([...all].sort((a, b) => a - b)).toEqual(all);
  });

  it("two dispatchers at once post each event once", async () => {
    const acct = await newAccount();
    const e = await endpoint(acct);
    for (let i = 0; i < 5; i++) await newMember(acct, "REGULAR");
    await Promise.all([drain(), drain(), drain()]);
    const seqs = e.got().map((r) => verified(e.secret, r).sequence);
    expect(seqs).toHaveLength(5);
    expect(new Set(seqs).size).toBe(5);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it("a rotated secret signs beside the old one for a day; replay delivers again with the same ids", async () => {
    const acct = await newAccount();
    const e = await endpoint(acct);
    const first = await newMember(acct, "REGULAR");
    await drain();
    const { secret } = await rotateSecret(acct.owner, e.id);
    await setMemberRole(acct.owner, first.userId, "DEVELOPER");
    await drain();
    expect(e.got()).toHaveLength(2);
    const signed = e.got()[1];
    expect(signed.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(verified(secret, signed).type).toBe("member.role_changed");
    expect(verified(e.secret, signed).type).toBe("member.role_changed");

    const before = e.got().map((r) => r.headers["webhook-id"]);
    // From just before the first delivered event (the owner's own member.created precedes the endpoint).
    const from = verified(e.secret, e.got()[0]).sequence - 1;
    rx.got.length = 0;
    await replayEndpoint(acct.owner, e.id, { after: from });
    await drain();
    expect(e.got().map((r) => r.headers["webhook-id"])).toEqual(before);
    await expectDomainError(replayEndpoint(acct.owner, e.id, { after: 10_000 }), "invalid_input");
  });
});

describe("outbound safety", () => {
  it("refuses private addresses at connect time unless allowed, follows no redirect, reads at most 64 KB", async () => {
    const acct = await newAccount();
    const e = await endpoint(acct, ["group.*"]);
    rx.answer((_q, res) => {
      res.statusCode = 302;
      res.setHeader("location", "http://169.254.169.254/latest/meta-data/");
      res.end();
    });
    const redirected = await sendTestEvent(acct.owner, e.id);
    expect(redirected).toMatchObject({ ok: false, status: 302 });
    expect(rx.got).toHaveLength(1);

    rx.answer((_q, res) => {
      res.write("x".repeat(1024 * 1024));
      res.end("y".repeat(9 * 1024 * 1024));
    });
    const huge = await sendTestEvent(acct.owner, e.id);
    expect(huge.ok).toBe(true);
    expect(huge.body).toHaveLength(1024);

    delete process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE;
    try {
      const refused = await sendTestEvent(acct.owner, e.id);
      expect(refused).toMatchObject({ ok: false, status: null });
      expect(refused.error).toMatch(/not https|private/);
      for (const url of ["https://169.254.169.254/x", "https://10.1.2.3/x", "https://[::1]/x", "https://localhost/x"]) {
        const m = await addEndpoint(acct.owner, { url, events: ["group.*"] });
        const r = await sendTestEvent(acct.owner, m.id);
        expect(r.error, url).toMatch(/private/);
      }
    } finally {
      process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE = "1";
    }
  });
});
