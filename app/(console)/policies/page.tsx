import type { Metadata } from "next";
import { NamedManager } from "@/components/groups/named-manager";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/ui";
import { consoleActor } from "@/lib/console/session";
import { listGroupNames } from "@/lib/domain/groups/groups";
import { listPolicySummaries } from "@/lib/domain/groups/summaries";
import { memberNames } from "@/lib/domain/members/names";
import { can } from "@/lib/domain/permissions";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const actor = await consoleActor();
  if (!actor) return null;
  try {
    const [policies, groups] = await Promise.all([listPolicySummaries(actor), listGroupNames(actor)]);
    const names = await memberNames(
      actor,
      policies.flatMap((p) => p.preview),
    );
    return (
      <section>
        <PageHeader
          title="Policies"
          description="Assign a policy to groups here, or to single members from their page."
        />
        <NamedManager
          kind="policy"
          canManage={can(actor.role, "members.manage")}
          allGroups={groups}
          items={policies.map((p) => ({
            id: p.id,
            name: p.name,
            groups: p.groups,
            memberCount: p.memberCount,
            members: p.preview.map((id) => ({ id, name: names.get(id) ?? `#${id}` })),
          }))}
        />
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <Notice>{e.message}</Notice>;
  }
}
