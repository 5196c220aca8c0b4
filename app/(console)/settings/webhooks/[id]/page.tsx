import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/notice";
import { ReplayForm, RetryNowButton } from "@/components/settings/webhook-replay";
import { Card, formatDate, PageHeader, stacked } from "@/components/ui";
import { consoleActor } from "@/lib/console/session";
import { listDeliveries } from "@/lib/domain/webhooks/deliveries";
import { getEndpoint } from "@/lib/domain/webhooks/endpoints";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Webhook deliveries" };

const STATUS_STYLE: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  retrying: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

/** One endpoint's delivery log: each event's attempts and last answer, what waits, and replay. */
export default async function WebhookDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await consoleActor();
  if (!actor) return null;
  const { id } = await params;
  try {
    const [endpoint, log] = await Promise.all([getEndpoint(actor, id), listDeliveries(actor, id, { limit: "100" })]);
    return (
      <section className="space-y-4">
        <PageHeader title="Webhook deliveries" description={endpoint.url} />
        <p className="text-sm">
          <Link href="/settings" className="underline">
            ← Settings
          </Link>
        </p>
        <Card>
          <div className="space-y-2 text-sm" data-testid="webhook-state">
            <p>
              {endpoint.enabled
                ? "Enabled"
                : `Disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}`}
              . Delivered up to event {endpoint.cursor}
              {log.waiting > 0 ? `; ${log.waiting} waiting` : "; nothing waiting"}
              {endpoint.attempts > 0 &&
                ` (the next has failed ${endpoint.attempts} time${endpoint.attempts > 1 ? "s" : ""}; next try ${formatDate(endpoint.nextAttemptAt)})`}
              .
            </p>
            {endpoint.enabled && endpoint.attempts > 0 && <RetryNowButton id={endpoint.id} />}
            {log.missedThrough !== null && (
              <p className="text-amber-800 dark:text-amber-300" data-testid="webhook-missed">
                Events {endpoint.cursor + 1}–{log.missedThrough} passed the account's event retention before this
                endpoint received them; they cannot be delivered. The audit log still holds every change.
              </p>
            )}
            <ReplayForm id={endpoint.id} cursor={endpoint.cursor} />
          </div>
        </Card>
        <Card title="Deliveries">
          {log.data.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nothing delivered yet.</p>
          ) : (
            <table className={`${stacked.table} text-left`} data-testid="webhook-deliveries">
              <caption className="sr-only">Deliveries, newest first</caption>
              <thead className={stacked.head}>
                <tr>
                  {["Event", "Status", "Attempts", "Answer", "Time", "When"].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className={stacked.body}>
                {log.data.map((d) => (
                  <tr key={d.id} className={stacked.row}>
                    <td data-label="Event" className={stacked.cell}>
                      {d.test ? "test" : `#${d.sequence}`} <code>{d.eventType}</code>
                    </td>
                    <td data-label="Status" className={stacked.cell}>
                      <span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_STYLE[d.status] ?? ""}`}>
                        {d.status}
                      </span>
                    </td>
                    <td data-label="Attempts" className={stacked.cell}>
                      {d.attempts}
                    </td>
                    <td data-label="Answer" className={stacked.cell}>
                      {d.responseStatus ? `HTTP ${d.responseStatus}` : (d.error ?? "—")}
                      {d.responseBody && (
                        <details>
                          <summary className="cursor-pointer text-xs">body</summary>
                          <pre className="max-w-md overflow-x-auto whitespace-pre-wrap text-xs">{d.responseBody}</pre>
                        </details>
                      )}
                    </td>
                    <td data-label="Time" className={stacked.cell}>
                      {d.durationMs === null ? "—" : `${d.durationMs} ms`}
                    </td>
                    <td data-label="When" className={stacked.cell}>
                      {formatDate(d.updatedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <Notice>{e.message}</Notice>;
  }
}
