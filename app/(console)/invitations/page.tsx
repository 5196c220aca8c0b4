import type { Metadata } from "next";
import Link from "next/link";
import { InvitationRowActions } from "@/components/invitations/invitation-row-actions";
import { InviteForm } from "@/components/invitations/invite-form";
import { InviteManyForm } from "@/components/invitations/invite-many-form";
import { Notice } from "@/components/notice";
import { Card, EmptyState, formatDate, PageHeader, stacked, title } from "@/components/ui";
import { consoleActor } from "@/lib/console/session";
import { INVITATION_STATUSES, listInvitations } from "@/lib/domain/invitations/manage-invitations";
import { assignableRoles } from "@/lib/domain/members/available-actions";
import { can } from "@/lib/domain/permissions";
import { parseId } from "@/lib/platform/validation";

export const metadata: Metadata = { title: "Invitations" };

const STYLE: Record<string, string> = {
  PENDING: "bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  EXPIRED: "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  ACCEPTED: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  REVOKED: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
};

export default async function InvitationsPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; page?: string }>;
}) {
  const actor = await consoleActor();
  if (!actor) return null;
  if (!can(actor.role, "members.manage")) {
    return <Notice>Only admins manage invitations.</Notice>;
  }
  const sp = await searchParams;
  const status = INVITATION_STATUSES.find((s) => s === sp.status);
  const page = Math.min(100_000, parseId(sp.page) ?? 1);
  const list = await listInvitations(actor, { status, page });
  const pages = Math.max(1, Math.ceil(list.total / list.limit));
  const href = (over: { status?: string; page?: number }) => {
    const p = new URLSearchParams();
    const s = "status" in over ? over.status : status;
    if (s) p.set("status", s);
    if ((over.page ?? 1) > 1) p.set("page", String(over.page));
    return `/invitations${p.size ? `?${p}` : ""}`;
  };
  return (
    <div className="space-y-4">
      <PageHeader
        title="Invitations"
        description="Invite people by email; they set their name and password from the link."
      />
      <Card title="Invite a member">
        <InviteForm roles={assignableRoles(actor.role)} />
      </Card>
      <Card title="Invite several people">
        <InviteManyForm roles={assignableRoles(actor.role)} />
      </Card>
      <Card title="Invitations">
        <nav aria-label="Filter invitations" className="mb-3 flex flex-wrap gap-2 text-sm">
          {[undefined, ...INVITATION_STATUSES].map((s) => (
            <Link
              key={s ?? "all"}
              href={href({ status: s })}
              aria-current={s === status ? "page" : undefined}
              className={`rounded-full px-3 py-1 ring-1 ring-inset ring-slate-300 dark:ring-slate-600 ${s === status ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : ""}`}
            >
              {s ? title(s) : "All"}
            </Link>
          ))}
        </nav>
        {list.rows.length === 0 ? (
          <EmptyState>No invitations{status ? ` ${status.toLowerCase()}` : ""} yet.</EmptyState>
        ) : (
          <div className="relative sm:overflow-x-auto">
            {/* At phone width each row is a card (labels beside values, actions in view). */}
            <table className={stacked.table} data-testid="invitations-table">
              <caption className="sr-only">Invitations</caption>
              <thead className={stacked.head}>
                <tr className="text-left">
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Email
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Role
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Expires (UTC)
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Invited by
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className={stacked.body}>
                {list.rows.map((inv) => (
                  <tr key={inv.id} className={stacked.row}>
                    <td data-label="Email" className={stacked.cell}>
                      {inv.email}
                    </td>
                    <td data-label="Role" className={stacked.cell}>
                      {title(inv.role)}
                    </td>
                    <td data-label="Status" className={stacked.cell}>
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STYLE[inv.status]}`}>
                        {inv.awaitingActivation ? "Accepted — waiting for activation" : title(inv.status)}
                      </span>
                    </td>
                    <td data-label="Expires" className={stacked.cell}>
                      {formatDate(inv.expiresAt)}
                    </td>
                    <td data-label="Invited by" className={stacked.cell}>
                      {inv.invitedBy ?? "—"}
                    </td>
                    <td className={stacked.actions}>
                      <InvitationRowActions
                        id={inv.id}
                        email={inv.email}
                        status={inv.status}
                        awaitingActivation={inv.awaitingActivation}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <nav aria-label="Pagination" className="mt-3 flex gap-2 text-sm">
            {page > 1 && <Link href={href({ page: page - 1 })}>Previous</Link>}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages && <Link href={href({ page: page + 1 })}>Next</Link>}
          </nav>
        )}
      </Card>
    </div>
  );
}
