import type { Metadata } from "next";
import { RequestButtons } from "@/components/members/request-buttons";
import { Notice } from "@/components/notice";
import { Card, EmptyState, formatDate, PageHeader } from "@/components/ui";
import { consoleActor } from "@/lib/console/session";
import { listMembers } from "@/lib/domain/members/list-members";
import { can } from "@/lib/domain/permissions";
import { appUrl } from "@/lib/platform/mail/mailer";

export const metadata: Metadata = { title: "Join requests" };

export default async function JoinRequestsPage() {
  const actor = await consoleActor();
  if (!actor) return null;
  if (!can(actor.role, "members.manage")) {
    return <Notice>Only admins review join requests.</Notice>;
  }
  const requests = await listMembers(actor, {
    status: ["REQUESTED"],
    limit: 100,
    sort: [{ field: "createdAt", desc: false }],
  });
  const link = `${appUrl()}/join/${actor.accountId}`;
  return (
    <section className="space-y-4">
      <PageHeader
        title="Join requests"
        description={
          <>
            People who asked to join. Share this page to let people ask: <code className="text-xs">{link}</code>
          </>
        }
      />
      <Card>
        {requests.rows.length === 0 ? (
          <EmptyState>No one is waiting.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="join-requests">
            {requests.rows.map((m) => {
              const name = [m.firstName, m.lastName].filter(Boolean).join(" ") || m.email || `#${m.userId}`;
              return (
                <li key={m.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    <span className="font-medium">{name}</span>{" "}
                    <span className="text-sm text-slate-700 dark:text-slate-300">
                      {m.email} · asked {formatDate(m.createdAt)}
                    </span>
                  </span>
                  <RequestButtons userId={m.userId} name={name} />
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </section>
  );
}
