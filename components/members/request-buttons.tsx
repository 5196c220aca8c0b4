"use client";

import { useTransition } from "react";
import { changeStatusAction } from "@/app/(console)/_actions/members";
import { ConfirmButton } from "../confirm-button";
import { toast } from "../toast";
import { Button } from "../ui";

export function RequestButtons({ userId, name }: { userId: number; name: string }) {
  const [pending, start] = useTransition();
  const act = (verb: "approve" | "deny", done: string) => () =>
    start(async () => {
      const r = await changeStatusAction(userId, verb);
      if (r.ok) toast.success(done);
      else toast.error(r.error);
    });
  return (
    <div className="flex gap-2">
      <Button
        variant="primary"
        disabled={pending}
        onClick={act("approve", `${name} was approved`)}
        aria-label={`Approve ${name}`}
      >
        Approve
      </Button>
      <ConfirmButton
        label="Deny"
        ariaLabel={`Deny ${name}`}
        disabled={pending}
        question={`Deny ${name}'s request to join? They can ask again later.`}
        confirmLabel="Deny"
        onConfirm={act("deny", `${name} was denied`)}
      />
    </div>
  );
}
