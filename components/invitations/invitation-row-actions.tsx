"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import {
  invitationLinkAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/app/(console)/_actions/invitations";
import { changeStatusAction } from "@/app/(console)/_actions/members";
import { ConfirmButton } from "../confirm-button";
import { toast } from "../toast";
import { Button } from "../ui";

export function InvitationRowActions({
  id,
  email,
  status,
  awaitingActivation,
}: {
  id: number;
  email: string;
  status: string;
  awaitingActivation: number | null;
}) {
  const [pending, start] = useTransition();
  const router = useRouter();
  if (awaitingActivation !== null) {
    return (
      <Button
        variant="primary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await changeStatusAction(awaitingActivation, "activate");
            if (!r.ok) return void toast.error(r.error);
            toast.success(`${email} is active`);
            router.refresh();
          })
        }
      >
        Activate
      </Button>
    );
  }
  if (status === "ACCEPTED" || status === "REVOKED") return null;
  return (
    <div className="flex flex-wrap gap-2">
      {status === "PENDING" && (
        <Button
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await invitationLinkAction(id);
              if (!r.ok) return void toast.error(r.error);
              await navigator.clipboard?.writeText(r.data).catch(() => {});
              toast.success("Invitation link copied", { description: r.data });
            })
          }
        >
          Copy link
        </Button>
      )}
      <Button
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await resendInvitationAction(id);
            if (!r.ok) return void toast.error(r.error);
            toast.success(
              r.data.emailed ? `Invitation sent again to ${email}` : "New link ready (no mail server configured)",
            );
          })
        }
      >
        Resend
      </Button>
      <ConfirmButton
        label="Revoke"
        question={`Revoke the invitation of ${email}? The link stops working.`}
        confirmLabel="Revoke"
        disabled={pending}
        onConfirm={() =>
          start(async () => {
            const r = await revokeInvitationAction(id);
            if (r.ok) toast.success(`Invitation of ${email} revoked`);
            else toast.error(r.error);
          })
        }
      />
    </div>
  );
}
