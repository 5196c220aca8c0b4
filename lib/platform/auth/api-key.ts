import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { serverSecret } from "./server-secret";

// A key is `<keyId>.<secret>`. The secret has 256 bits of entropy, so a keyed
// fast hash (HMAC-SHA-256) is enough to store it: no slow hash per request.

const KEY_ID_PREFIX = "rk_";

function derive(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", serverSecret(), "roster", purpose, 32));
}

let hashKey: Buffer | undefined;
let encryptionKey: Buffer | undefined;

export function hashSecret(secret: string): string {
  hashKey ??= derive("api-key-hash");
  return createHmac("sha256", hashKey).update(secret).digest("base64url");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function encryptSecret(secret: string, iv: Buffer = randomBytes(12)): string {
  encryptionKey ??= derive("api-key-encryption");
  const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function decryptSecret(stored: string): string {
  encryptionKey ??= derive("api-key-encryption");
  const [iv, tag, body] = stored.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}

export interface NewKey {
  keyId: string;
  secret: string;
  /** Single-string form: `<keyId>.<secret>`. */
  apiKey: string;
}

export function generateKey(): NewKey {
  return keyFrom(randomBytes(44));
}

/** Many keys from one draw of random bytes (bulk import: one call instead of thousands). */
export function generateKeys(count: number): NewKey[] {
  const random = randomBytes(44 * count);
  return Array.from({ length: count }, (_, i) => keyFrom(random.subarray(i * 44, i * 44 + 44)));
}

function keyFrom(random: Buffer): NewKey {
  const keyId = KEY_ID_PREFIX + random.subarray(0, 12).toString("hex");
  const secret = random.subarray(12, 44).toString("base64url");
  return { keyId, secret, apiKey: `${keyId}.${secret}` };
}

/** Splits the single-string form; answers null when it is not one. */
export function parseApiKey(value: string): { keyId: string; secret: string } | null {
  const dot = value.indexOf(".");
  if (dot <= 0) return null;
  const keyId = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (!isKeyId(keyId) || !/^[A-Za-z0-9_-]{20,200}$/.test(secret)) return null;
  return { keyId, secret };
}

export function isKeyId(value: string): boolean {
  return /^rk_[0-9a-f]{24}$/.test(value);
}
