import { apiRoute } from "@/lib/api/http/route";
import { parseQuery } from "@/lib/api/query-params";
import { auditQuerySchema } from "@/lib/api/roster/audit/query";
import { listAuditEvents } from "@/lib/domain/audit/list-events";
import { csvCell } from "@/lib/platform/http/csv";
import { notAllowed } from "@/lib/platform/http/not-allowed";

const COLUMNS = [
  "id",
  "createdAt",
  "actorKind",
  "actorUserId",
  "actorName",
  "actorEmail",
  "action",
  "targetType",
  "targetId",
  "targetName",
  "before",
  "after",
] as const;

// GET /api/v1/audit/export — the audit log's events matching the filters, newest first, as CSV (ADMINs)
export const GET = apiRoute(async ({ req, actor }) => {
  const filters = parseQuery(auditQuerySchema, new URL(req.url).searchParams);
  // Events written while the export runs would shift the pages: the export ends where it began.
  const to = filters.to && filters.to < new Date() ? filters.to : new Date();
  const page = (n: number) => listAuditEvents(actor, { ...filters, to, page: n, limit: 100 });
  const first = await page(1);
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode(`${COLUMNS.join(",")}\n`));
      let current = first;
      for (let n = 1; ; n++) {
        if (n > 1) current = await page(n);
        for (const e of current.rows)
          controller.enqueue(encoder.encode(`${COLUMNS.map((c) => csvCell(e[c])).join(",")}\n`));
        if (current.rows.length < 100) break;
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="audit-log.csv"',
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
