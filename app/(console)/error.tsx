"use client";

import Link from "next/link";

/** A page that failed to render: a way back and a retry, never a stack trace (the server logged it). */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong on our side</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        This page could not be shown. It has been logged{error.digest ? ` (reference ${error.digest})` : ""}; try again,
        or go back to the member list.
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Try again
        </button>
        <Link
          href="/members"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Back to members
        </Link>
      </div>
    </div>
  );
}
