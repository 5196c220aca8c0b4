import "server-only";
import { createHash } from "node:crypto";
import type { MemberActor } from "../auth/actor";
import { decryptSecret, encryptSecret } from "../auth/api-key";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { readText } from "./body";

const TTL_MS = 24 * 3600 * 1000;

// A stored answer may hold a fresh API key (add user, refresh): it is kept
// sealed (AES-256-GCM under the server's secret), never in clear.
const SEALED = "sealed:";
const seal = (body: string) => (body ? SEALED + encryptSecret(body) : "");
const unseal = (stored: string) => (stored.startsWith(SEALED) ? decryptSecret(stored.slice(SEALED.length)) : stored);
const IN_PROGRESS = 0;

/**
 * Idempotency-Key on create-type POSTs: the first answer is stored (24 h) and
 * replayed for a retry with the same key and body; the same key with another
 * body is a 422; a retry while the first is still running is a 409.
 */
export async function withIdempotency(
  req: Request,
  actor: MemberActor,
  run: (req: Request) => Promise<Response>,
): Promise<Response> {
  const key = req.headers.get("idempotency-key");
  if (key === null) return run(req);
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new DomainError("invalid_input", "Idempotency-Key must be 1 to 255 visible ASCII characters", [
      { field: "Idempotency-Key", message: "invalid" },
    ]);
  }
  const body = await readText(req);
  const scope = `${actor.accountId}:${actor.credentialId ? `k${actor.credentialId}` : `u${actor.userId}`}:${req.method} ${new URL(req.url).pathname}`;
  const requestHash = createHash("sha256").update(body).digest("hex");
  const db = await getDb();
  await db.idempotencyRecord.deleteMany({ where: { scope, key, expiresAt: { lt: new Date() } } });
  const claimed = await db.$executeRaw`
    INSERT INTO "IdempotencyRecord" ("scope", "key", "requestHash", "status", "body", "expiresAt")
    VALUES (${scope}, ${key}, ${requestHash}, ${IN_PROGRESS}, '', ${new Date(Date.now() + TTL_MS)})
    ON CONFLICT DO NOTHING`;
  if (claimed === 0) {
    const prior = await db.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
    if (!prior)
      throw new DomainError(
        "idempotency_in_progress",
        "A request with this Idempotency-Key is in progress; retry shortly",
      );
    if (prior.requestHash !== requestHash) {
      throw new DomainError("idempotency_key_reused", "This Idempotency-Key was used with another request body", [
        { field: "Idempotency-Key", message: "reused with another body" },
      ]);
    }
    if (prior.status === IN_PROGRESS)
      throw new DomainError(
        "idempotency_in_progress",
        "A request with this Idempotency-Key is in progress; retry shortly",
      );
    const headers = new Headers(prior.headers as Record<string, string>);
    headers.set("Idempotency-Replayed", "true");
    return new Response(unseal(prior.body) || null, { status: prior.status, headers });
  }
  let response: Response;
  try {
    response = await run(new Request(req.url, { method: req.method, headers: req.headers, body }));
  } catch (e) {
    await db.idempotencyRecord.delete({ where: { scope_key: { scope, key } } }).catch(() => {});
    throw e;
  }
  if (response.status >= 500) {
    await db.idempotencyRecord.delete({ where: { scope_key: { scope, key } } }).catch(() => {});
    return response;
  }
  const text = await response.clone().text();
  const kept: Record<string, string> = {};
  for (const h of ["content-type", "location", "etag"]) {
    const v = response.headers.get(h);
    if (v) kept[h] = v;
  }
  await db.idempotencyRecord.update({
    where: { scope_key: { scope, key } },
    data: { status: response.status, body: seal(text), headers: kept },
  });
  return response;
}
