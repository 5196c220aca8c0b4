"use client";

import { useTransition } from "react";
import { changeStatusAction } from "@/app/(console)/_actions/members";
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
      <Button disabled={pending} onClick={act("deny", `${name} was denied`)} aria-label={`Deny ${name}`}>
        Deny
      </Button>
    </div>
  );
}
