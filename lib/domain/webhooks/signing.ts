import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks (standardwebhooks.com): each delivery carries webhook-id
// (the event's id, the same on every retry), webhook-timestamp (seconds) and
// webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>", one per
// secret while a rotation lets two sign.

export const newSigningSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

export function signature(secrets: string[], id: string, timestamp: number, body: string): string {
  return secrets
    .map((s) => {
      const key = Buffer.from(s.replace(/^whsec_/, ""), "base64");
      return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
    })
    .join(" ");
}

export function signedHeaders(secrets: string[], id: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "Roster-Webhooks/1",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signature(secrets, id, timestamp, body),
  };
}
