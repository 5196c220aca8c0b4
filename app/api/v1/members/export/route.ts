import { apiRoute } from "@/lib/api/http/route";
import { parseQuery } from "@/lib/api/query-params";
import { memberExportQuerySchema } from "@/lib/api/roster/members/schemas";
import { listMembers } from "@/lib/domain/members/list-members";
import { CURSOR_SORT_FIELDS } from "@/lib/domain/members/list-query";
import { csvCell } from "@/lib/platform/http/csv";
import { notAllowed } from "@/lib/platform/http/not-allowed";

const COLUMNS = ["id", "email", "firstName", "lastName", "role", "status", "title", "department", "createdAt"] as const;

// GET /api/v1/members/export — the current filter as CSV (all pages)
export const GET = apiRoute(async ({ req, actor }) => {
  const url = new URL(req.url);
  url.searchParams.delete("page");
  url.searchParams.delete("limit");
  url.searchParams.delete("cursor");
  const query = parseQuery(memberExportQuerySchema, url.searchParams);
  // A cursor walk neither skips nor repeats a member added or removed meanwhile.
  const byCursor = (query.sort ?? []).every((s) => CURSOR_SORT_FIELDS.includes(s.field));
  const next = (n: number, cursor: string | null | undefined) =>
    listMembers(actor, { ...query, limit: 100, ...(byCursor ? { cursor: cursor ?? "" } : { page: n }) });
  const first = await next(1, "");
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode(`${COLUMNS.join(",")}\n`));
      let page = first;
      for (let n = 1; ; n++) {
        if (n > 1) page = await next(n, page.nextCursor);
        for (const m of page.rows) {
          const row = { ...m, id: m.userId };
          controller.enqueue(encoder.encode(`${COLUMNS.map((c) => csvCell(row[c])).join(",")}\n`));
        }
        if (page.rows.length < 100 || (byCursor && !page.nextCursor)) break;
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="members.csv"' },
  });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
