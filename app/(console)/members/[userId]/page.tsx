import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditTable } from "@/components/audit-table";
import { ApiKeyPanel } from "@/components/members/api-key-panel";
import { MemberActions } from "@/components/members/member-actions";
import { MemberForm } from "@/components/members/member-form";
import { MemberSignIn } from "@/components/members/member-sign-in";
import { profileValues } from "@/components/members/profile-fields";
import { Card, formatDate, relativeTime } from "@/components/ui";
import { consoleActor } from "@/lib/console/session";
import { listAuditEvents } from "@/lib/domain/audit/list-events";
import { listGroupNames } from "@/lib/domain/groups/groups";
import { placesOfMember } from "@/lib/domain/groups/summaries";
import { assignableRoles, availableActions } from "@/lib/domain/members/available-actions";
import { getMemberDevices } from "@/lib/domain/members/directory";
import { lastActiveOf } from "@/lib/domain/members/last-active";
import { can } from "@/lib/domain/permissions";
import { listPolicyNames } from "@/lib/domain/policies/policies";
import { factorKindsOf } from "@/lib/domain/sign-in/sign-in";
import { getMember } from "@/lib/domain/users/get-user";
import { isDomainError } from "@/lib/platform/errors";
import { parseId } from "@/lib/platform/validation";

export const metadata: Metadata = { title: "Member" };

export default async function MemberPage({ params }: { params: Promise<{ userId: string }> }) {
  const actor = await consoleActor();
  if (!actor) return null;
  const { userId: raw } = await params;
  const userId = parseId(raw);
  if (userId === null) notFound();
  let member: Awaited<ReturnType<typeof getMember>>;
  try {
    member = await getMember(actor, userId);
  } catch (e) {
    if (isDomainError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  }
  const verbs = availableActions(actor, member);
  const manage = can(actor.role, "members.manage") && verbs.has("editDevices");
  const [devices, groups, policies, places, history] = manage
    ? await Promise.all([
        getMemberDevices(actor, userId),
        listGroupNames(actor),
        listPolicyNames(actor),
        placesOfMember(actor, userId),
        listAuditEvents(actor, { aboutUserId: userId, limit: 20 }),
      ])
    : [null, null, null, null, null];
  const seen = await lastActiveOf(actor, [member.membershipId]);
  const [viewerHasFactor, memberHasFactor] = await Promise.all([
    factorKindsOf(actor.userId).then((k) => k.length > 0),
    manage ? factorKindsOf(userId).then((k) => k.length > 0) : false,
  ]);
  const lastActive = seen?.get(member.membershipId);
  const name = [member.firstName, member.lastName].filter(Boolean).join(" ") || member.email || `#${userId}`;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/members" className="text-indigo-700 underline dark:text-indigo-300">
          Members
        </Link>{" "}
        / {name}
      </nav>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{name}</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {member.email ?? "No email"} · member since {formatDate(member.createdAt).slice(0, 10)}
          {seen && (
            <>
              {" · last active "}
              {lastActive ? (
                <time dateTime={lastActive.toISOString()} title={`${formatDate(lastActive)} UTC`}>
                  {relativeTime(lastActive)}
                </time>
              ) : (
                "never"
              )}
            </>
          )}
          {member.acceptedAt && member.status === "INVITED" ? " · accepted the invitation, waiting for activation" : ""}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Status and role">
          <MemberActions
            userId={userId}
            name={name}
            initial={{ status: member.status, role: member.role }}
            verbs={[...verbs]}
            roles={assignableRoles(actor.role)}
          />
        </Card>
        <Card title="API key">
          {verbs.has("revealKey") || verbs.has("refreshKey") ? (
            <ApiKeyPanel
              userId={userId}
              canReveal={verbs.has("revealKey")}
              canRefresh={verbs.has("refreshKey")}
              hasFactor={viewerHasFactor}
            />
          ) : (
            <p className="text-sm text-slate-700 dark:text-slate-300">Only admins see other members' API keys.</p>
          )}
        </Card>
        {manage && userId !== actor.userId && (
          <Card title="Sign-in">
            <MemberSignIn userId={userId} name={name} hasFactor={memberHasFactor} canEnd={member.status === "ACTIVE"} />
          </Card>
        )}
      </div>
      <MemberForm
        userId={userId}
        editable={verbs.has("editProfile")}
        initial={profileValues(member)}
        extras={
          manage && devices && groups && policies && places
            ? {
                groupOptions: groups,
                policyOptions: policies,
                groups: places.groups,
                policies: places.policies,
                policiesInEffect: devices.policies,
                placesEditable: member.role !== "GUEST",
                smartcards: devices.smartcards,
                computerUsernames: devices.computerUsernames,
              }
            : undefined
        }
      />
      {history && (
        <Card title="History">
          <AuditTable rows={history.rows} caption={`History of ${name}`} />
        </Card>
      )}
    </div>
  );
}
