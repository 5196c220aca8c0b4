import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { consoleActor } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { listMembers, SORT_FIELDS, type SortField } from "@/lib/members/list-members";
import { STATUSES } from "@/lib/members/status";

export const metadata: Metadata = { title: "Members" };

type Search = { page?: string; sort?: string; status?: string; q?: string };

const COLUMNS: { field: SortField; label: string }[] = [
  { field: "lastName", label: "Name" },
  { field: "email", label: "Email" },
  { field: "role", label: "Role" },
  { field: "status", label: "Status" },
  { field: "createdAt", label: "Member since" },
];
const LIMIT = 25;

export default async function MembersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const actor = await consoleActor();
  if (!actor) return null;
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(params.page ?? "1", 10) || 1));
  const sortParam = params.sort ?? "lastName";
  const sortField = sortParam.replace(/^-/, "") as SortField;
  const sort = SORT_FIELDS.includes(sortField) ? [{ field: sortField, desc: sortParam.startsWith("-") }] : [];
  const status = STATUSES.find((s) => s === params.status);
  const q = params.q?.slice(0, 100) || undefined;

  let result: Awaited<ReturnType<typeof listMembers>>;
  try {
    result = await listMembers(actor, { page, limit: LIMIT, sort, status: status ? [status] : undefined, search: q });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return (
      <p
        role="status"
        className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
      >
        {e.message}
      </p>
    );
  }
  const pages = Math.max(1, Math.ceil(result.total / LIMIT));
  const href = (over: Partial<Search>) => {
    const next = new URLSearchParams();
    const merged = { page: String(page), sort: sortParam, status, q, ...over };
    for (const [k, v] of Object.entries(merged)) if (v && !(k === "page" && v === "1")) next.set(k, v);
    const s = next.toString();
    return s ? `/members?${s}` : "/members";
  };

  return (
    <section aria-labelledby="members-heading">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="members-heading" className="text-2xl font-semibold tracking-tight">
            Members
          </h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {result.total} {result.total === 1 ? "person" : "people"}
            {status ? ` ${status.toLowerCase()}` : ""}
          </p>
        </div>
        <search>
          <form action="/members" className="flex gap-2">
            {status && <input type="hidden" name="status" value={status} />}
            <label htmlFor="member-search" className="sr-only">
              Search by name or email
            </label>
            <input
              id="member-search"
              name="q"
              defaultValue={q}
              placeholder="Search name or email"
              className="w-56 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
            />
            <button
              type="submit"
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
            >
              Search
            </button>
          </form>
        </search>
      </div>

      <nav aria-label="Filter by status" className="mt-4 flex flex-wrap gap-2 text-sm">
        {[undefined, ...STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            href={href({ status: s, page: "1" })}
            aria-current={s === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 ring-1 ring-inset ring-slate-300 dark:ring-slate-700 ${s === status ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
          >
            {s ? s.charAt(0) + s.slice(1).toLowerCase() : "All"}
          </Link>
        ))}
      </nav>

      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table
          className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800"
          data-testid="members-table"
        >
          <thead className="bg-slate-50 dark:bg-slate-900/60">
            <tr>
              {COLUMNS.map((c) => {
                const active = sortField === c.field;
                const desc = active && sortParam.startsWith("-");
                return (
                  <th
                    key={c.field}
                    scope="col"
                    aria-sort={active ? (desc ? "descending" : "ascending") : "none"}
                    className="px-4 py-2 text-left font-semibold"
                  >
                    <Link
                      href={href({ sort: active && !desc ? `-${c.field}` : c.field, page: "1" })}
                      className="inline-flex items-center gap-1 hover:underline"
                    >
                      {c.label}
                      <span aria-hidden="true" className="text-slate-400">
                        {active ? (desc ? "↓" : "↑") : ""}
                      </span>
                    </Link>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {result.rows.map((m) => (
              <tr key={m.userId} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                <td className="px-4 py-2 font-medium">
                  {[m.firstName, m.lastName].filter(Boolean).join(" ") || m.displayName || "—"}
                </td>
                <td className="px-4 py-2 text-slate-600 dark:text-slate-300">{m.email ?? "—"}</td>
                <td className="px-4 py-2">{m.role.charAt(0) + m.role.slice(1).toLowerCase()}</td>
                <td className="px-4 py-2">
                  <StatusBadge status={m.status} />
                </td>
                <td className="px-4 py-2 text-slate-600 dark:text-slate-300">
                  <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toISOString().slice(0, 10)}</time>
                </td>
              </tr>
            ))}
            {result.rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="px-4 py-10 text-center text-slate-500">
                  No members match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
        <span>
          Page {page} of {pages}
        </span>
        <div className="flex gap-2">
          {page > 1 ? (
            <Link
              href={href({ page: String(page - 1) })}
              className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700"
            >
              Previous
            </Link>
          ) : null}
          {page < pages ? (
            <Link
              href={href({ page: String(page + 1) })}
              className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700"
            >
              Next
            </Link>
          ) : null}
        </div>
      </nav>
    </section>
  );
}
