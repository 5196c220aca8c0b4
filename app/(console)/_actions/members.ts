"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseQuery } from "@/lib/api/query-params";
import { memberQuerySchema } from "@/lib/api/roster/members/schemas";
import { arg, parseArgs } from "@/lib/console/action-args";
import { forPeople } from "@/lib/console/messages";
import { runAction } from "@/lib/console/run-action";
import { refreshCredential, revealCredential } from "@/lib/domain/credentials/refresh-credential";
import { type BulkInput, bulkApply } from "@/lib/domain/members/bulk";
import { demoteMember, promoteGuest, promoteMember, setMemberRole } from "@/lib/domain/members/change-role";
import {
  activateMember,
  approveMember,
  denyMember,
  removeMember,
  toggleSuspension,
} from "@/lib/domain/members/change-status";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { listMatching } from "@/lib/domain/members/list-members";
import { type MemberChanges, saveMember } from "@/lib/domain/members/save-member";
import { requireSignInAgain } from "@/lib/domain/sign-in/member-sessions";

// Every action authenticates through runAction and lets the domain decide;
// nothing here holds a rule.

const STATUS_VERBS = {
  activate: activateMember,
  remove: removeMember,
  approve: approveMember,
  deny: denyMember,
  toggleSuspension,
} as const;
const ROLE_VERBS = { promote: promoteMember, demote: demoteMember, promoteGuest } as const;

const refresh = (userId?: unknown) => {
  revalidatePath("/members");
  revalidatePath("/join-requests");
  if (typeof userId === "number") revalidatePath(`/members/${userId}`);
};

export async function changeStatusAction(userId: number, verb: keyof typeof STATUS_VERBS) {
  const r = await runAction((actor) => {
    const [id, v] = parseArgs(z.tuple([arg.id, arg.key(STATUS_VERBS)]), [userId, verb]);
    return STATUS_VERBS[v](actor, id);
  });
  refresh(userId);
  return r.ok ? { ...r, data: { status: r.data.status, role: r.data.role } } : r;
}

export async function changeRoleAction(userId: number, verb: keyof typeof ROLE_VERBS | "set", role?: string) {
  const r = await runAction((actor) => {
    const verbs = { ...ROLE_VERBS, set: (a: typeof actor, id: number) => setMemberRole(a, id, role) };
    const [id, v] = parseArgs(z.tuple([arg.id, arg.key(verbs)]), [userId, verb]);
    return verbs[v](actor, id);
  });
  refresh(userId);
  return r.ok ? { ...r, data: { status: r.data.status, role: r.data.role } } : r;
}

/** The member page's one Save: every part that changed, together or not at all. */
export async function saveMemberAction(userId: number, changes: MemberChanges) {
  const r = await runAction(
    (actor) => saveMember(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [userId, changes])),
    "Changes saved",
  );
  refresh(userId);
  return r;
}

export async function revealKeyAction(userId: number) {
  return runAction(async (actor) => (await revealCredential(actor, ...parseArgs(z.tuple([arg.id]), [userId]))).apiKey);
}

export async function refreshKeyAction(userId: number) {
  const r = await runAction(
    async (actor) => (await refreshCredential(actor, ...parseArgs(z.tuple([arg.id]), [userId]))).apiKey,
    "A new API key was issued; the old one no longer works",
  );
  refresh(userId);
  return r;
}

/** "Require sign-in again": the member's sessions begun before now stop acting in this account. */
export async function requireSignInAgainAction(userId: number) {
  return runAction(
    (actor) => requireSignInAgain(actor, ...parseArgs(z.tuple([arg.id]), [userId])),
    "Done: the member must sign in again to act in this account",
  );
}

export async function deleteMemberAction(userId: number) {
  const r = await runAction(
    (actor) => deleteMember(actor, ...parseArgs(z.tuple([arg.id]), [userId])),
    "Member deleted from the account",
  );
  refresh();
  return r;
}

export async function bulkAction(input: BulkInput) {
  const r = await runAction(async (actor) => {
    const { done, results } = await bulkApply(actor, ...parseArgs(z.tuple([arg.object]), [input]));
    // Nothing done: the answer is the refusal itself (the first one's reason, in words, with its code).
    const first = results.find((x) => x.refusal)?.refusal;
    if (done === 0 && first) throw first;
    // Each refusal in words (and only plain data crosses to the browser).
    const failed = results
      .filter((x) => !x.ok)
      .map((x) => ({ userId: x.userId, error: x.refusal ? forPeople(x.refusal).error : (x.error ?? "") }));
    return { done, failed };
  });
  refresh();
  return r;
}

/** "Select all that match": the members the table's query matches, with their role and status (for the undo). */
export async function matchingMembersAction(query: string) {
  return runAction((actor) => {
    const [q] = parseArgs(z.tuple([arg.text()]), [query]);
    return listMatching(actor, parseQuery(memberQuerySchema, new URLSearchParams(q)));
  });
}
