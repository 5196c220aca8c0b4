"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/console/run-action";
import { invitationUrl } from "@/lib/invitations/invitation-mail";
import { type InviteInput, inviteMember } from "@/lib/invitations/invite-member";
import { invitationLink, resendInvitation, revokeInvitation } from "@/lib/invitations/manage-invitations";

export async function inviteAction(input: InviteInput) {
  const r = await runAction(async (actor) => {
    const out = await inviteMember(actor, input);
    return { email: out.invitation.email, emailed: out.emailed, url: invitationUrl(out.token) };
  });
  revalidatePath("/invitations");
  revalidatePath("/members");
  return r;
}

export async function resendInvitationAction(id: number) {
  const r = await runAction((actor) => resendInvitation(actor, id));
  revalidatePath("/invitations");
  return r;
}

export async function revokeInvitationAction(id: number) {
  const r = await runAction((actor) => revokeInvitation(actor, id), "Invitation revoked");
  revalidatePath("/invitations");
  revalidatePath("/members");
  return r;
}

export async function invitationLinkAction(id: number) {
  return runAction((actor) => invitationLink(actor, id));
}
