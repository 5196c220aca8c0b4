"use client";

import { useState, useTransition } from "react";
import { refreshKeyAction, revealKeyAction } from "@/app/(console)/_actions/members";
import { ConfirmButton } from "../confirm-button";
import { useStepUp } from "../login/step-up";
import { toast } from "../toast";
import { Button } from "../ui";

export function ApiKeyPanel({
  userId,
  canReveal,
  canRefresh,
  hasFactor = false,
}: {
  userId: number;
  canReveal: boolean;
  canRefresh: boolean;
  /** Whether the viewer has a second factor: a reveal may first ask them to confirm it is them. */
  hasFactor?: boolean;
}) {
  const stepUp = useStepUp(hasFactor);
  const [key, setKey] = useState<string | null>(null);
  const [fresh, setFresh] = useState(false);
  const [pending, start] = useTransition();

  return (
    <div className="space-y-2 text-sm">
      {stepUp.prompt}
      {key ? (
        <div className="flex flex-wrap items-center gap-2">
          <code
            data-testid="api-key"
            className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800"
          >
            {key}
          </code>
          <Button
            onClick={async () => {
              await navigator.clipboard?.writeText(key).catch(() => {});
              toast.success("API key copied");
            }}
          >
            Copy
          </Button>
          <Button variant="ghost" onClick={() => setKey(null)}>
            Hide
          </Button>
        </div>
      ) : (
        <p className="text-slate-700 dark:text-slate-300">The key is hidden.</p>
      )}
      {fresh && (
        <p role="status" className="text-xs text-amber-800 dark:text-amber-200">
          This is the new key; the old one no longer works.
        </p>
      )}
      <div className="flex gap-2">
        {canReveal && !key && (
          <Button
            disabled={pending}
            onClick={() =>
              start(async () => {
                await stepUp.run(
                  () => revealKeyAction(userId),
                  (data) => (data ? setKey(data) : toast.info("This member has no live key; refresh to issue one")),
                );
              })
            }
          >
            Reveal API key
          </Button>
        )}
        {canRefresh && (
          <ConfirmButton
            label="Refresh API key"
            variant="danger"
            question="Issue a new API key? The current key stops working at once."
            confirmLabel="Refresh"
            disabled={pending}
            onConfirm={() =>
              start(async () => {
                const r = await refreshKeyAction(userId);
                if (!r.ok) {
                  toast.error(r.error);
                  return;
                }
                setKey(r.data);
                setFresh(true);
                toast.success(r.message ?? "New key issued");
              })
            }
          />
        )}
      </div>
    </div>
  );
}
