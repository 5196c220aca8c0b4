"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useTransition } from "react";
import { replayWebhookAction, retryWebhookAction } from "@/app/(console)/_actions/webhooks";
import { toast } from "../toast";
import { Button } from "../ui";

/** Deliver again every subscribed event after a sequence number. */
export function ReplayForm({ id, cursor }: { id: number; cursor: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const after = Number(new FormData(e.currentTarget).get("after"));
    start(async () => {
      const r = await replayWebhookAction(id, after);
      if (r.ok) {
        toast.success(r.message ?? "Replaying");
        router.refresh();
      } else toast.error(r.error);
    });
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Replay events">
      <label className="flex flex-col">
        <span className="font-medium">Deliver again every event after</span>
        <input
          name="after"
          type="number"
          min={0}
          defaultValue={Math.max(0, cursor - 10)}
          className="w-32 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
        />
      </label>
      <Button type="submit" disabled={pending}>
        Replay
      </Button>
    </form>
  );
}

/** Try the held (failing) event now rather than at its next scheduled retry. */
export function RetryNowButton({ id }: { id: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await retryWebhookAction(id);
          if (r.ok) {
            toast.success(r.message ?? "Retrying now");
            router.refresh();
          } else toast.error(r.error);
        })
      }
    >
      Retry now
    </Button>
  );
}
