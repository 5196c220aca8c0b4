import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit-table";
import { ACTION_CATEGORIES } from "@/components/audit-words";
import { ExportButton } from "@/components/members/export-button";
import { Notice } from "@/components/notice";
import { Card, PageHeader } from "@/components/ui";
import { parseQuery } from "@/lib/api/query-params";
import { AUDIT_PARAMS, auditPageQuerySchema } from "@/lib/api/roster/audit/query";
import { consoleActor } from "@/lib/console/session";
import { listAuditEvents } from "@/lib/domain/audit/list-events";
import { AUDIT_TARGET_TYPES } from "@/lib/domain/audit/record";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Audit log" };

type Search = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  page?: string;
};
const TARGETS: readonly string[] = AUDIT_TARGET_TYPES;
const input =
  "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await consoleActor();
  if (!actor) return null;
  const sp = await searchParams;
  try {
    const query = parseQuery(
      auditPageQuerySchema,
      // The filters and the page only: a link's other parameters (utm_…) are not the log's business.
      new URLSearchParams(
        Object.entries(sp).filter(
          (e): e is [string, string] => typeof e[1] === "string" && [...AUDIT_PARAMS, "page"].includes(e[0]),
        ),
      ),
    );
    const { page } = query;
    const result = await listAuditEvents(actor, query);
    const pages = Math.max(1, Math.ceil(result.total / result.limit));
    const filters = new URLSearchParams(
      Object.entries(sp).filter(
        ([k, v]) => (AUDIT_PARAMS as readonly string[]).includes(k) && typeof v === "string" && v,
      ) as [string, string][],
    );
    const exportHref = `/api/v1/audit/export${filters.size ? `?${filters}` : ""}`;
    const link = (n: number) => {
      const p = new URLSearchParams(Object.entries(sp).filter(([k, v]) => k !== "page" && v) as [string, string][]);
      if (n > 1) p.set("page", String(n));
      return `/audit${p.size ? `?${p}` : ""}`;
    };
    return (
      <section className="space-y-4">
        <PageHeader title="Audit log" description="Every change, who made it, and what it changed." />
        <Card>
          <form className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
            <div>
              <label htmlFor="audit-actor" className="block text-sm font-medium">
                Who
              </label>
              <input
                id="audit-actor"
                name="actor"
                maxLength={100}
                defaultValue={sp.actor}
                placeholder="Name or email"
                className={`${input} w-44`}
              />
            </div>
            <div>
              <label htmlFor="audit-action" className="block text-sm font-medium">
                What
              </label>
              <select id="audit-action" name="action" defaultValue={sp.action ?? ""} className={input}>
                <option value="">Anything</option>
                {ACTION_CATEGORIES.map(([prefix, label]) => (
                  <option key={prefix} value={prefix}>
                    {label}
                  </option>
                ))}
                {sp.action && !ACTION_CATEGORIES.some(([p]) => p === sp.action) && (
                  <option value={sp.action}>{sp.action}</option>
                )}
              </select>
            </div>
            <div>
              <label htmlFor="audit-target-type" className="block text-sm font-medium">
                Target
              </label>
              <select id="audit-target-type" name="targetType" defaultValue={sp.targetType ?? ""} className={input}>
                <option value="">Any</option>
                {TARGETS.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="audit-target-id" className="block text-sm font-medium">
                Target id
              </label>
              <input
                id="audit-target-id"
                name="targetId"
                maxLength={50}
                defaultValue={sp.targetId}
                className={`${input} w-24`}
              />
            </div>
            <div>
              <label htmlFor="audit-from" className="block text-sm font-medium">
                From
              </label>
              <input id="audit-from" name="from" type="date" defaultValue={sp.from} className={input} />
            </div>
            <div>
              <label htmlFor="audit-to" className="block text-sm font-medium">
                To
              </label>
              <input id="audit-to" name="to" type="date" defaultValue={sp.to} className={input} />
            </div>
            <button
              type="submit"
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
            >
              Filter
            </button>
            <Link href="/audit" className="text-sm underline">
              Clear
            </Link>
          </form>
        </Card>
        <Card>
          <div className="mb-2 flex">
            <ExportButton href={exportHref} total={result.total} noun="events" filename="audit-log.csv" />
          </div>
          <AuditTable rows={result.rows} caption="Audit events" />
          <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
            <span>
              {result.total.toLocaleString("en")} events · page {page} of {pages.toLocaleString("en")}
            </span>
            {page > 1 && (
              <Link href={link(page - 1)} className="underline">
                Previous
              </Link>
            )}
            {page < pages && (
              <Link href={link(page + 1)} className="underline">
                Next
              </Link>
            )}
          </nav>
        </Card>
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return (
      <Notice>
        {e.message} ·{" "}
        <Link href="/audit" className="underline">
          Show the whole log
        </Link>
      </Notice>
    );
  }
}
