// Every event any test wrote must match its type's declared shape in the
// catalogue (the shape the OpenAPI webhooks section publishes): run after each
// test file, over the whole database.
import { appendFileSync } from "node:fs";
import { EVENT_TYPES } from "@/lib/domain/events/catalogue";
import { toEventView } from "@/lib/domain/events/list-events";
import { getDb } from "@/lib/platform/db/client";

export async function misshapenEvents(): Promise<string[]> {
  // A file that never opened the database wrote no event: do not open it now.
  if (!(globalThis as Record<symbol, unknown>)[Symbol.for("roster.db")]) return [];
  const db = await getDb();
  const rows = await db.$queryRaw<Parameters<typeof toEventView>[0][]>`
    SELECT e.id, e.sequence, e.type, e."occurredAt", a."actorKind", a."actorUserId", a."actorCredentialId",
           a.action, a."targetType", a."targetId", a.before, a.after
    FROM "Event" e JOIN "AuditEvent" a ON a.id = e."auditEventId"`;
  const out: string[] = [];
  for (const row of rows) {
    const e = toEventView(row);
    if (process.env.DUMP_EVENT_SHAPES) {
      const keys = (o: unknown) =>
        o && typeof o === "object"
          ? Object.entries(o)
              .map(([k, v]) => `${k}:${v === null ? "null" : Array.isArray(v) ? "array" : typeof v}`)
              .sort()
              .join(",")
          : String(o);
      appendFileSync(
        process.env.DUMP_EVENT_SHAPES,
        `${e.type}\t${e.data.action}\t${e.data.target.type}\t${keys(e.data.before)}\t${keys(e.data.after)}\n`,
      );
    }
    const { before, after } = e.data;
    // recordAudit keeps only the fields that changed: two empty sides mean a change of nothing.
    if (before && after && Object.keys(before).length === 0 && Object.keys(after).length === 0) {
      out.push(`${e.type} (${e.data.action}): an event for a change that changed nothing`);
      continue;
    }
    const r = EVENT_TYPES[e.type]?.data.safeParse(e.data);
    if (!r?.success)
      out.push(
        `${e.type} (${e.data.action}) ${JSON.stringify({ before: e.data.before, after: e.data.after }).slice(0, 300)}: ${r?.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") ?? "unknown type"}`,
      );
  }
  return out;
}
