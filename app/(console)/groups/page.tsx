import type { Metadata } from "next";
import { NamedManager } from "@/components/groups/named-manager";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/ui";
import { consoleActor } from "@/lib/console/session";
import { listGroupSummaries } from "@/lib/domain/groups/summaries";
import { memberNames } from "@/lib/domain/members/names";
import { can } from "@/lib/domain/permissions";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  const actor = await consoleActor();
  if (!actor) return null;
  try {
    const groups = await listGroupSummaries(actor);
    const names = await memberNames(
      actor,
      groups.flatMap((g) => g.preview),
    );
    return (
      <section>
        <PageHeader
          title="Groups"
          description="Groups hold members; policies can be assigned to a whole group. Place a member in groups from their page."
        />
        <NamedManager
          kind="group"
          canManage={can(actor.role, "members.manage")}
          items={groups.map((g) => ({
            id: g.id,
            name: g.name,
            memberCount: g.memberCount,
            members: g.preview.map((id) => ({ id, name: names.get(id) ?? `#${id}` })),
            membersHref: `/members?group=${g.id}`,
          }))}
        />
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <Notice>{e.message}</Notice>;
  }
}
