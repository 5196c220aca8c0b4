import "server-only";
import { z } from "zod";
import { DomainError } from "../platform/errors";

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

export function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new DomainError("invalid_input", `${name} must be a whole number from ${min} to ${max}`, [
      { field: name, message: `must be a whole number from ${min} to ${max}` },
    ]);
  }
  return Number(raw);
}

/** page and limit only; any other parameter is refused. */
export function simplePaging(url: URL) {
  for (const key of url.searchParams.keys()) {
    if (key !== "page" && key !== "limit")
      throw new DomainError("bad_request", `Unknown parameter "${key}"`, [
        { field: key, message: "unknown parameter" },
      ]);
  }
  return {
    page: intParam(url.searchParams, "page", 1, 1, 1_000_000),
    limit: intParam(url.searchParams, "limit", 20, 1, 100),
  };
}
