import "server-only";
import { z } from "zod";
import { MAX_CURSOR_LENGTH } from "../domain/members/cursor";
import { CURSOR_SORT_FIELDS } from "../domain/members/list-query";
import { intQuery } from "./query-params";

/**
 * Seed 003's list envelope; the links keep the caller's other parameters. In
 * cursor paging (nextCursor given, null on the last page) next carries the
 * cursor and prev is null: cursors go forward.
 */
export function pageEnvelope<T>(
  url: URL,
  page: number,
  limit: number,
  total: number,
  data: T[],
  nextCursor?: string | null,
) {
  const totalPages = Math.ceil(total / limit);
  const link = (n: number | string) => {
    const params =
      typeof n === "number"
        ? new URLSearchParams({ page: String(n), limit: String(limit) })
        : new URLSearchParams({ cursor: n, limit: String(limit) });
    for (const [key, value] of url.searchParams)
      if (key !== "page" && key !== "limit" && key !== "cursor") params.append(key, value);
    return `?${params.toString()}`;
  };
  const cursorMode = nextCursor !== undefined;
  return {
    data,
    pagination: {
      currentPage: page,
      perPage: limit,
      count: data.length,
      totalPages,
      total,
      links: cursorMode
        ? { next: nextCursor ? link(nextCursor) : null, prev: null }
        : {
            next: page < totalPages ? link(page + 1) : null,
            prev: page > 1 ? link(Math.min(page - 1, Math.max(totalPages, 1))) : null,
          },
    },
    totalItems: total,
  };
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    pagination: z.object({
      currentPage: z.number().int(),
      perPage: z.number().int(),
      count: z.number().int().describe("Items on this page"),
      totalPages: z.number().int(),
      total: z.number().int(),
      links: z.object({ next: z.string().nullable(), prev: z.string().nullable() }),
    }),
    totalItems: z.number().int(),
  });

/** page and limit only (groups, policies). */
export const pagingQuerySchema = z
  .object({
    page: intQuery(1, 1_000_000, 1, "Page number, from 1"),
    limit: intQuery(1, 100, 20, "Items per page"),
  })
  .strict();

/** Keyset paging, as members and records take it. */
export const cursorQuery = z
  .string()
  .max(MAX_CURSOR_LENGTH, `at most ${MAX_CURSOR_LENGTH} characters`)
  .optional()
  .describe(
    "Keyset paging, as an alternative to `page`: send `cursor=` (empty) for the first page, then follow " +
      "`pagination.links.next`, which carries the cursor of the page after. A cursor page costs the same at any " +
      "depth and never skips or repeats a row when members are added or removed meanwhile; `prev` is null (cursors " +
      `go forward). Sorts by ${CURSOR_SORT_FIELDS.join(", ")} can be resumed.`,
  );
