import type { Metadata } from "next";
import { NamedManager } from "@/components/groups/named-manager";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/ui";
import { consoleActor } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { listGroupNames } from "@/lib/groups/groups";
import { memberNames } from "@/lib/members/names";
import { can } from "@/lib/permissions";
import { listPolicies } from "@/lib/policies/policies";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const actor = await consoleActor();
  if (!actor) return null;
  try {
    const [policies, groups] = await Promise.all([listPolicies(actor, 1, 100), listGroupNames(actor)]);
    const names = await memberNames(
      actor,
      policies.rows.flatMap((p) => p.members),
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
          items={policies.rows.map((p) => ({
            id: p.id,
            name: p.name,
            groups: p.groups,
            members: p.members.map((id) => ({ id, name: names.get(id) ?? `#${id}` })),
          }))}
        />
      </section>
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <Notice>{e.message}</Notice>;
  }
}
