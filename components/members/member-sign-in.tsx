"use client";

import { useTransition } from "react";
import { requireSignInAgainAction } from "@/app/(console)/_actions/members";
import { ConfirmButton } from "../confirm-button";
import { toast } from "../toast";

/** What a manager sees of a member's sign-in: whether they use a second factor, and "require sign-in again". */
export function MemberSignIn({
  userId,
  name,
  hasFactor,
  canEnd,
}: {
  userId: number;
  name: string;
  hasFactor: boolean;
  canEnd: boolean;
}) {
  const [pending, start] = useTransition();
  return (
    <div className="space-y-2 text-sm">
      <p data-testid="member-second-factor">
        {hasFactor ? (
          <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
            second factor on
          </span>
        ) : (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">
            no second factor
          </span>
        )}{" "}
        Only {name} adds or removes their own factors.
      </p>
      {canEnd && (
        <ConfirmButton
          label="Require sign-in again"
          confirmLabel="Require sign-in again"
          question={`End ${name}'s access to this account from every browser they are signed in with now? They can sign in again; their API key and other accounts are not affected.`}
          disabled={pending}
          onConfirm={() =>
            start(async () => {
              const r = await requireSignInAgainAction(userId);
              if (r.ok) toast.success(r.message ?? "Done");
              else toast.error(r.error);
            })
          }
        />
      )}
    </div>
  );
}
