"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { forPeople } from "@/lib/console/messages";
import { runAction } from "@/lib/console/run-action";
import { invitationUrl } from "@/lib/domain/invitations/invitation-mail";
import { type InviteManyInput, inviteMany } from "@/lib/domain/invitations/invite-many";
import { type InviteInput, inviteMember } from "@/lib/domain/invitations/invite-member";
import { invitationLink, resendInvitation, revokeInvitation } from "@/lib/domain/invitations/manage-invitations";

export async function inviteAction(input: InviteInput) {
  const r = await runAction(async (actor) => {
    const out = await inviteMember(actor, ...parseArgs(z.tuple([arg.object]), [input]));
    return { email: out.invitation.email, emailed: out.emailed, url: invitationUrl(out.token) };
  });
  revalidatePath("/invitations");
  revalidatePath("/members");
  return r;
}

/** Several addresses, one role: each address's outcome in words. */
export async function inviteManyAction(input: InviteManyInput) {
  const r = await runAction(async (actor) =>
    (await inviteMany(actor, ...parseArgs(z.tuple([arg.object]), [input]))).map((o) => ({
      email: o.email,
      ok: o.ok,
      emailed: o.emailed ?? false,
      error: o.refusal ? forPeople(o.refusal).error : null,
    })),
  );
  revalidatePath("/invitations");
  revalidatePath("/members");
  return r;
}

export async function resendInvitationAction(id: number) {
  const r = await runAction((actor) => resendInvitation(actor, ...parseArgs(z.tuple([arg.id]), [id])));
  revalidatePath("/invitations");
  return r;
}

export async function revokeInvitationAction(id: number) {
  const r = await runAction(
    (actor) => revokeInvitation(actor, ...parseArgs(z.tuple([arg.id]), [id])),
    "Invitation revoked",
  );
  revalidatePath("/invitations");
  revalidatePath("/members");
  return r;
}

export async function invitationLinkAction(id: number) {
  return runAction((actor) => invitationLink(actor, ...parseArgs(z.tuple([arg.id]), [id])));
}
