import type { Metadata } from "next";
import { Suspense } from "react";
import { MembersTable } from "@/components/members/members-table";
import { canonicalQuery } from "@/components/members/query";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/ui";
import { pageEnvelope } from "@/lib/api/pagination";
import { parseQuery } from "@/lib/api/query-params";
import { memberQuerySchema, toMemberRow } from "@/lib/api/roster/members/schemas";
import { consoleActor } from "@/lib/console/session";
import { listGroupNames } from "@/lib/domain/groups/groups";
import { assignableRoles } from "@/lib/domain/members/available-actions";
import { memberSignals } from "@/lib/domain/members/last-active";
import { listMembers } from "@/lib/domain/members/list-members";
import { can } from "@/lib/domain/permissions";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const actor = await consoleActor();
  if (!actor) return null;
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") params.set(k, v);
  const query = canonicalQuery(params);
  try {
    const input = parseQuery(memberQuerySchema, new URLSearchParams(query));
    // The first page renders on the server; the table takes over in the browser.
    const [page, groups] = await Promise.all([listMembers(actor, input), listGroupNames(actor)]);
    const seen = await memberSignals(
      actor,
      page.rows.map((r) => r.membershipId),
    );
    const initial = pageEnvelope(
      new URL(`http://x/?${query}`),
      page.page,
      page.limit,
      page.total,
      page.rows.map((r) => toMemberRow(r, seen)),
    );
    return (
      <section>
        <PageHeader title="Members" description="Everyone in this account, with their role and status." />
        <Suspense>
          <MembersTable
            accountId={actor.accountId}
            initial={initial}
            initialQuery={query}
            canManage={can(actor.role, "members.manage")}
            groups={groups}
            roles={assignableRoles(actor.role)}
          />
        </Suspense>
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return (
      <section>
        <PageHeader title="Members" />
        <Notice>{e.message}</Notice>
      </section>
    );
  }
}
