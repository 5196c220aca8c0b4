"use client";

import { keepPreviousData, QueryClient, QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import { bulkAction, matchingMembersAction } from "@/app/(console)/_actions/members";
import { MAX_BULK, MAX_MATCHING } from "@/lib/domain/members/bulk-limits";
import { ROLE_NAMES } from "@/lib/domain/permissions";
import { ConfirmButton } from "../confirm-button";
import { StatusBadge } from "../status-badge";
import { toast } from "../toast";
import { Button, EmptyState, formatDate, relativeTime, title } from "../ui";
import { ExportButton } from "./export-button";
import { canonicalQuery } from "./query";
import { RowMenu } from "./row-menu";

export interface MemberRow {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  role: string;
  status: string;
  createdAt: string;
  /** Present for viewers who manage members: when this member last used the account. */
  lastActiveAt?: string | null;
  /** Present for viewers who manage members: whether this member signs in with a second factor. */
  secondFactor?: boolean;
}

export interface MemberPage {
  data: MemberRow[];
  pagination: { currentPage: number; perPage: number; totalPages: number; total: number };
}

/** A member as a bulk action's undo needs them: their role and status before. */
type MemberState = Pick<MemberRow, "id" | "role" | "status">;

/** Larger selections go to the server in rounds of what one bulk request takes. */
const inRounds = <T,>(list: T[]) =>
  Array.from({ length: Math.ceil(list.length / MAX_BULK) }, (_, i) => list.slice(i * MAX_BULK, (i + 1) * MAX_BULK));
const STATUSES = ["ACTIVE", "INVITED", "REQUESTED", "SUSPENDED", "DISABLED", "DECLINED"];
const ROLES = ["GUEST", "REGULAR", "DEVELOPER", "ADMIN", "SUPER"];
const COLUMNS = [
  { field: "lastName", label: "Name" },
  { field: "email", label: "Email" },
  { field: "role", label: "Role" },
  { field: "status", label: "Status" },
  { field: "createdAt", label: "Member since" },
];
async function fetchMembers(query: string): Promise<MemberPage> {
  const res = await fetch(`/api/v1/members?${query}`, { headers: { accept: "application/json" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

type MembersTableProps = Parameters<typeof Table>[0];

/** The table with its own query cache: only this page loads react-query. */
export function MembersTable(props: MembersTableProps) {
  const [client] = useState(
    () =>
      new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, refetchOnWindowFocus: false, retry: 1 } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <Table {...props} />
    </QueryClientProvider>
  );
}

function Table({
  initial,
  initialQuery,
  canManage,
  groups,
  accountId,
  roles = [],
}: {
  accountId: number;
  initial: MemberPage;
  initialQuery: string;
  canManage: boolean;
  groups: { id: number; name: string }[];
  /** Roles the viewer may hand out (the row menu offers them). */
  roles?: string[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = canonicalQuery(searchParams);
  const queryClient = useQueryClient();
  const { data, isFetching, isError, error } = useQuery({
    // Keyed by account: switching accounts must never show the other's rows.
    queryKey: ["members", accountId, query],
    queryFn: () => fetchMembers(query),
    initialData: query === initialQuery ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const [search, setSearch] = useState(searchParams.get("q") ?? "");
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [pending, startTransition] = useTransition();
  // Rows selected beyond this page ("all that match"): their state, for an undo.
  const [matched, setMatched] = useState<MemberState[]>([]);

  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in changes)) next.delete("page");
    const qs = canonicalQuery(next);
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    setSelected(new Set());
  };

  // Debounced search, kept in the URL.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on typing only
  useEffect(() => {
    const current = searchParams.get("q") ?? "";
    if (search === current) return;
    const t = setTimeout(() => setParams({ q: search.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [search]);

  const rows = data?.data ?? [];
  const page = data?.pagination.currentPage ?? 1;
  const totalPages = data?.pagination.totalPages ?? 1;
  const sort = searchParams.get("sort") ?? "lastName";
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const selectedLabel = `${selected.size.toLocaleString("en")} member${selected.size === 1 ? "" : "s"}`;
  const total = data?.pagination.total ?? 0;
  const perPage = data?.pagination.perPage ?? 25;
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(total, (page - 1) * perPage + rows.length);
  const [jump, setJump] = useState("");
  const exportHref = useMemo(() => {
    const p = new URLSearchParams(query);
    p.delete("page");
    p.delete("limit");
    const s = p.toString();
    return `/api/v1/members/export${s ? `?${s}` : ""}`;
  }, [query]);

  type BulkKind = "activate" | "suspend" | "disable" | "set_role" | "add_to_group";
  const [bulkRole, setBulkRole] = useState("");

  /** Runs one bulk action (in rounds of 500); suspensions, removals and role changes offer an undo for a few seconds. */
  function runBulk(action: BulkKind, extra: { role?: string; groupId?: number } = {}, userIds = [...selected]) {
    // What the selected rows were, so an undo can put each back.
    const known = new Map<number, MemberState>([...matched, ...rows].map((r) => [r.id, r]));
    const before = userIds.map((id) => known.get(id)).filter((r): r is MemberState => r !== undefined);
    startTransition(async () => {
      let done = 0;
      const failed: { userId: number; error?: string }[] = [];
      const rounds = inRounds(userIds);
      for (const [i, round] of rounds.entries()) {
        if (rounds.length > 1)
          toast.info(`Working… ${(i * MAX_BULK).toLocaleString("en")} of ${userIds.length.toLocaleString("en")} done`);
        const r = await bulkAction({ action, userIds: round, ...extra } as never);
        if (!r.ok) {
          // A round refused as a whole: say so, after what the rounds before it did.
          if (done === 0 && failed.length === 0) {
            toast.error(r.error);
            return;
          }
          failed.push(...round.map((userId) => ({ userId, error: r.error })));
          continue;
        }
        done += r.data.done;
        failed.push(...r.data.failed);
      }
      const refused = new Set(failed.map((f) => f.userId));
      const changed = before.filter((m) => !refused.has(m.id));
      const undo = undoFor(action, changed);
      const what = `${done.toLocaleString("en")} member${done === 1 ? "" : "s"} ${PAST[action]}`;
      if (failed.length === 0)
        toast.success(
          what,
          undo
            ? {
                action: { label: "Undo", onClick: () => runUndo(undo) },
                // Disabling revoked their keys for good: an undo gives access back with new ones.
                description: action === "disable" ? "Undo activates them again, with new API keys." : undefined,
              }
            : {},
        );
      else toast.warning(`${what}; ${failed.length.toLocaleString("en")} refused: ${failed[0].error}`);
      setSelected(new Set());
      setMatched([]);
      setBulkRole("");
      await queryClient.invalidateQueries({ queryKey: ["members"] });
    });
  }

  /** Every member the filters match (beyond this page), with their state for an undo. */
  function selectAllMatching() {
    startTransition(async () => {
      const r = await matchingMembersAction(query);
      if (!r.ok) {
        toast.error(r.error);
        return;
      }
      const chosen = r.data.map((m) => ({ id: m.userId, role: m.role, status: m.status }));
      setMatched(chosen);
      setSelected(new Set(chosen.map((m) => m.id)));
    });
  }

  /** The undo's steps, in order (a disabled member who was suspended is activated, then suspended). */
  function runUndo(steps: { action: BulkKind; role?: string; userIds: number[] }[]) {
    startTransition(async () => {
      const restored = new Set<number>();
      for (const u of steps) {
        let r: Awaited<ReturnType<typeof bulkAction>> | undefined;
        for (const round of inRounds(u.userIds)) {
          r = await bulkAction({ action: u.action, userIds: round, role: u.role } as never);
          if (!r.ok || r.data.failed.length) break;
        }
        if (!r) continue;
        if (!r.ok) {
          toast.error(r.error);
          break;
        }
        if (r.data.failed.length) {
          toast.warning(`Could not undo for ${r.data.failed.length}: ${r.data.failed[0].error}`);
          break;
        }
        for (const id of u.userIds) restored.add(id);
      }
      if (restored.size)
        toast.info(`Undone for ${restored.size.toLocaleString("en")} member${restored.size === 1 ? "" : "s"}`);
      await queryClient.invalidateQueries({ queryKey: ["members"] });
    });
  }

  return (
    <div>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="member-search" className="block text-sm font-medium">
            Search
          </label>
          <input
            id="member-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name, email, title, department"
            className="mt-1 w-64 max-w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950"
          />
        </div>
        <FilterSelect
          id="filter-status"
          label="Status"
          value={searchParams.get("status") ?? ""}
          onChange={(v) => setParams({ status: v })}
          options={STATUSES}
        />
        <FilterSelect
          id="filter-role"
          label="Role"
          value={searchParams.get("role") ?? ""}
          onChange={(v) => setParams({ role: v })}
          options={ROLES}
        />
        <div>
          <label htmlFor="filter-group" className="block text-sm font-medium">
            Group
          </label>
          <select
            id="filter-group"
            value={searchParams.get("group") ?? ""}
            onChange={(e) => setParams({ group: e.target.value })}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950"
          >
            <option value="">All groups</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        {canManage && (
          <div>
            <label htmlFor="filter-second-factor" className="block text-sm font-medium">
              Two-step
            </label>
            <select
              id="filter-second-factor"
              value={searchParams.get("secondFactor") ?? ""}
              onChange={(e) => setParams({ secondFactor: e.target.value })}
              className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950"
            >
              <option value="">Any</option>
              <option value="true">Second factor on</option>
              <option value="false">No second factor</option>
            </select>
          </div>
        )}
        <ExportButton href={exportHref} total={total} />
      </div>

      {canManage && selected.size > 0 && (
        <div
          role="toolbar"
          aria-label="Bulk actions"
          className="mt-3 flex flex-wrap items-center gap-2 rounded-md bg-indigo-50 px-3 py-2 text-sm dark:bg-indigo-950"
        >
          <span data-testid="selected-count" className="font-medium">
            {selected.size.toLocaleString("en")} selected
          </span>
          {allOnPage && total > rows.length && selected.size < total && total <= MAX_MATCHING && (
            <Button variant="ghost" disabled={pending} onClick={selectAllMatching}>
              Select all {total.toLocaleString("en")} matching
            </Button>
          )}
          {allOnPage && total > MAX_MATCHING && (
            <span className="text-xs text-slate-700 dark:text-slate-300">
              Narrow the filters to act on all {total.toLocaleString("en")} (up to {MAX_MATCHING.toLocaleString("en")}{" "}
              at once).
            </span>
          )}
          <Button disabled={pending} onClick={() => runBulk("activate")}>
            Activate
          </Button>
          <ConfirmButton
            label="Suspend"
            disabled={pending}
            question={`Suspend ${selectedLabel}? Their API keys stop working until they are unsuspended.`}
            confirmLabel="Suspend"
            onConfirm={() => runBulk("suspend")}
          />
          <ConfirmButton
            label="Disable"
            disabled={pending}
            question={`Disable ${selectedLabel}? They lose access and their API keys are revoked.`}
            confirmLabel="Disable"
            onConfirm={() => runBulk("disable")}
          />
          <label htmlFor="bulk-role" className="sr-only">
            Change role to
          </label>
          <select
            id="bulk-role"
            disabled={pending}
            value={bulkRole}
            onChange={(e) => setBulkRole(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
          >
            <option value="">Change role…</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {title(r)}
              </option>
            ))}
          </select>
          {bulkRole && (
            <ConfirmButton
              label="Apply role"
              variant="primary"
              disabled={pending}
              question={`Make ${selectedLabel} ${title(bulkRole)}?`}
              confirmLabel="Change role"
              onConfirm={() => runBulk("set_role", { role: bulkRole })}
            />
          )}
          {groups.length > 0 && (
            <>
              <label htmlFor="bulk-group" className="sr-only">
                Add to group
              </label>
              <select
                id="bulk-group"
                disabled={pending}
                defaultValue=""
                onChange={(e) => e.target.value && runBulk("add_to_group", { groupId: Number(e.target.value) })}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
              >
                <option value="">Add to group…</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </>
          )}
          <Button variant="ghost" onClick={() => setSelected(new Set())}>
            Clear
          </Button>
        </div>
      )}

      {isError && (
        <p
          role="status"
          className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          Could not load members: {(error as Error).message}
        </p>
      )}

      {/* At phone width the rows are cards: name, status and role in view, nothing scrolls sideways. */}
      <ul aria-label="Members" className="mt-3 space-y-2 sm:hidden" data-testid="member-cards">
        {rows.map((m) => {
          const name = rowName(m);
          return (
            <li
              key={m.id}
              className="flex items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-700 dark:bg-slate-900"
            >
              {canManage && (
                <input
                  type="checkbox"
                  className="mt-1"
                  aria-label={`Select ${name}`}
                  checked={selected.has(m.id)}
                  onChange={(e) => toggle(m.id, e.target.checked)}
                />
              )}
              <span
                aria-hidden="true"
                className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800 dark:bg-indigo-900 dark:text-indigo-100"
              >
                {initials(m)}
              </span>
              <div className="min-w-0 flex-1">
                <Link
                  href={`/members/${m.id}`}
                  prefetch={false}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {name}
                </Link>
                <p className="truncate text-slate-600 dark:text-slate-300">{m.email ?? "—"}</p>
                <p className="mt-1 flex flex-wrap items-center gap-2">
                  <StatusBadge status={m.status} />
                  <span>{ROLE_NAMES[m.role as keyof typeof ROLE_NAMES] ?? title(m.role)}</span>
                  {m.secondFactor && <TwoStepBadge />}
                </p>
                {canManage && (
                  <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">
                    Last active <LastActive at={m.lastActiveAt} />
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {rows.length === 0 && (
        <div className="mt-3 sm:hidden">
          <EmptyState>{isFetching ? "Loading members…" : "No members match these filters."}</EmptyState>
        </div>
      )}

      <div
        className="relative mt-3 hidden overflow-x-auto rounded-lg border border-slate-200 bg-white sm:block dark:border-slate-700 dark:bg-slate-900"
        aria-busy={isFetching}
      >
        <table
          className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-700"
          data-testid="members-table"
        >
          <caption className="sr-only">Members{isFetching ? " (loading)" : ""}</caption>
          <thead className="bg-slate-50 dark:bg-slate-800/60">
            <tr>
              {canManage && (
                <th scope="col" className="w-10 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set([...selected, ...rows.map((r) => r.id)]) : new Set())
                    }
                  />
                </th>
              )}
              {COLUMNS.map((c) => {
                const active = sort.replace(/^-/, "") === c.field;
                const desc = active && sort.startsWith("-");
                return (
                  <th
                    key={c.field}
                    scope="col"
                    aria-sort={active ? (desc ? "descending" : "ascending") : "none"}
                    className="px-4 py-2 text-left font-semibold"
                  >
                    <button
                      type="button"
                      onClick={() => setParams({ sort: active && !desc ? `-${c.field}` : c.field })}
                      className="inline-flex items-center gap-1 hover:underline"
                    >
                      {c.label}
                      <span aria-hidden="true">{active ? (desc ? "↓" : "↑") : ""}</span>
                    </button>
                  </th>
                );
              })}
              {canManage && (
                <th
                  scope="col"
                  className="px-4 py-2 text-left font-semibold"
                  title="Signed in to this account or used its API"
                >
                  Last active
                </th>
              )}
              {canManage && (
                <th scope="col" className="w-12 px-2 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((m) => {
              const name = rowName(m);
              return (
                <tr key={m.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                  {canManage && (
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        aria-label={`Select ${name}`}
                        checked={selected.has(m.id)}
                        onChange={(e) => toggle(m.id, e.target.checked)}
                      />
                    </td>
                  )}
                  <td className="px-4 py-2 font-medium">
                    <span className="flex items-center gap-2">
                      <span
                        aria-hidden="true"
                        className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800 dark:bg-indigo-900 dark:text-indigo-100"
                      >
                        {initials(m)}
                      </span>
                      {/* A row link is opened rarely: no prefetch for each of the page's rows. */}
                      <Link
                        href={`/members/${m.id}`}
                        prefetch={false}
                        className="text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {name}
                      </Link>
                    </span>
                  </td>
                  <td className="px-4 py-2 text-slate-700 dark:text-slate-300">{m.email ?? "—"}</td>
                  <td className="px-4 py-2">
                    {ROLE_NAMES[m.role as keyof typeof ROLE_NAMES] ?? title(m.role)}
                    {m.secondFactor && <TwoStepBadge />}
                  </td>
                  <td className="px-4 py-2">
                    <StatusBadge status={m.status} />
                  </td>
                  <td className="px-4 py-2 text-slate-700 dark:text-slate-300">
                    <time dateTime={m.createdAt} title={`${formatDate(m.createdAt)} UTC`} suppressHydrationWarning>
                      {relativeTime(m.createdAt)}
                    </time>
                  </td>
                  {canManage && (
                    <td className="px-4 py-2 text-slate-700 dark:text-slate-300">
                      <LastActive at={m.lastActiveAt} />
                    </td>
                  )}
                  {canManage && (
                    <td className="px-2 py-1 text-right">
                      <RowMenu
                        userId={m.id}
                        name={name}
                        role={m.role}
                        roles={roles}
                        onChanged={() => queryClient.invalidateQueries({ queryKey: ["members"] })}
                      />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && !isFetching && <EmptyState>No members match these filters.</EmptyState>}
        {rows.length === 0 && isFetching && <p className="p-6 text-center text-sm">Loading members…</p>}
      </div>

      <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm">
        <span data-testid="page-range">
          {first.toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")}
        </span>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="page-size" className="text-slate-600 dark:text-slate-300">
            Rows per page
          </label>
          <select
            id="page-size"
            value={String(perPage)}
            onChange={(e) => setParams({ limit: e.target.value })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
          >
            {["25", "50", "100"].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <form
            className="flex items-center gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Math.min(Math.max(1, Math.trunc(Number(jump)) || 1), Math.max(totalPages, 1));
              setParams({ page: String(n) });
              setJump("");
            }}
          >
            <label htmlFor="page-jump" className="text-slate-600 dark:text-slate-300">
              Page
            </label>
            <input
              id="page-jump"
              inputMode="numeric"
              value={jump}
              onChange={(e) => setJump(e.target.value.replace(/\D/g, ""))}
              placeholder={`${page} of ${Math.max(totalPages, 1).toLocaleString("en")}`}
              className="w-28 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
            />
            <Button type="submit">Go</Button>
          </form>
          <Button disabled={page <= 1} onClick={() => setParams({ page: String(page - 1) })}>
            Previous
          </Button>
          <Button disabled={page >= totalPages} onClick={() => setParams({ page: String(page + 1) })}>
            Next
          </Button>
        </div>
      </nav>
    </div>
  );
}

/** A manager's view: this member signs in with a second factor. */
function TwoStepBadge() {
  return (
    <span
      title="Signs in with a second factor"
      className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100"
    >
      2-step
    </span>
  );
}

function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: string[];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950"
      >
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {title(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

const PAST: Record<string, string> = {
  activate: "activated",
  suspend: "suspended",
  disable: "disabled",
  set_role: "changed role",
  add_to_group: "added to the group",
};

/** The bulk actions that put each member back as they were (none for activation or group additions). */
function undoFor(
  action: string,
  changed: MemberState[],
): { action: "activate" | "suspend" | "set_role"; role?: string; userIds: number[] }[] | null {
  if (changed.length === 0) return null;
  if (action === "suspend" || action === "disable") {
    const wereActive = changed.filter((m) => m.status === "ACTIVE").map((m) => m.id);
    const wereSuspended = changed.filter((m) => m.status === "SUSPENDED").map((m) => m.id);
    const steps = [];
    if (wereActive.length) steps.push({ action: "activate" as const, userIds: wereActive });
    // A suspended member who was then disabled goes back to suspended: activate, then suspend.
    if (wereSuspended.length && action === "disable") {
      steps.push({ action: "activate" as const, userIds: wereSuspended });
      steps.push({ action: "suspend" as const, userIds: wereSuspended });
    }
    return steps.length ? steps : null;
  }
  if (action === "set_role") {
    const byRole = new Map<string, number[]>();
    for (const m of changed) byRole.set(m.role, [...(byRole.get(m.role) ?? []), m.id]);
    return [...byRole].map(([role, userIds]) => ({ action: "set_role" as const, role, userIds }));
  }
  return null;
}

/** How a row names its member (card and table alike). */
function rowName(m: MemberRow): string {
  return [m.firstName, m.lastName].filter(Boolean).join(" ") || m.displayName || m.email || `#${m.id}`;
}

function initials(m: MemberRow): string {
  const letters = [m.firstName, m.lastName]
    .filter((x): x is string => Boolean(x?.trim()))
    .map((x) => x.trim()[0])
    .join("");
  return (letters || m.displayName?.trim()[0] || m.email?.[0] || "?").toUpperCase();
}

function LastActive({ at }: { at: string | null | undefined }) {
  if (!at) return <span title="Has not signed in to this account or used its API">never</span>;
  return (
    <time dateTime={at} title={`${formatDate(at)} UTC`} suppressHydrationWarning>
      {relativeTime(at)}
    </time>
  );
}
