"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { endOtherSessionsAction, endSessionAction, signOutEverywhereAction } from "@/app/(console)/_actions/login";
import { ConfirmButton } from "../confirm-button";
import { toast } from "../toast";
import { Button, formatDate, relativeTime } from "../ui";

export interface SessionRow {
  id: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  ip: string | null;
  level: number;
  createdAt: string;
  lastSeenAt: string;
}

/** The person's live sessions: where, since when, last seen; each can be ended. */
export function SessionsList({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const act = (fn: () => Promise<{ ok: boolean; error?: string; message?: string }>) =>
    start(async () => {
      const r = await fn();
      if (r.ok) toast.success(r.message ?? "Done");
      else toast.error(r.error ?? "Failed");
      router.refresh();
    });
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-3">
      <ul
        className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700"
        data-testid="sessions"
      >
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
            <span>
              <span className="font-medium">{[s.browser, s.os].filter(Boolean).join(" on ") || "Unknown browser"}</span>
              {s.current && (
                <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100">
                  this browser
                </span>
              )}
              <span className="block text-slate-500 dark:text-slate-400">
                {s.ip ?? "unknown address"} · signed in {formatDate(s.createdAt)} · seen {relativeTime(s.lastSeenAt)} ·{" "}
                {s.level >= 2 ? "two factors" : "password only"}
              </span>
            </span>
            {!s.current && (
              <Button
                disabled={pending}
                aria-label={`Sign out ${s.browser ?? "session"} ${s.ip ?? ""}`}
                onClick={() => act(() => endSessionAction(s.id))}
              >
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        {others > 0 && (
          <Button disabled={pending} onClick={() => act(() => endOtherSessionsAction())}>
            Sign out everywhere else
          </Button>
        )}
        <ConfirmButton
          label="Sign out everywhere"
          confirmLabel="Sign out everywhere"
          question="Sign out of every session? Every browser signed in as you, this one included, is signed out at once."
          variant="danger"
          disabled={pending}
          onConfirm={() =>
            start(async () => {
              const r = await signOutEverywhereAction();
              if (!r.ok) {
                toast.error(r.error);
                return;
              }
              window.location.href = "/sign-in";
            })
          }
        />
      </div>
    </div>
  );
}
