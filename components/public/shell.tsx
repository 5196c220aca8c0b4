import type { ReactNode } from "react";

/** The frame of the public pages (sign-in, invitation, join, mailed links). */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        {children}
      </div>
    </main>
  );
}

export function ExpiredLink({ what }: { what: string }) {
  return (
    <>
      <h1 className="text-xl font-semibold">This link has expired or was already used</h1>
      <p data-testid="link-expired" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        {what}
      </p>
    </>
  );
}
