import Link from "next/link";

export const metadata = { title: "Page not found" };

/** Any address with no page, and any record this account cannot see (the same answer for both). */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">This page doesn’t exist</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        The address may be mistyped, or what it pointed to was removed or belongs to another account.
      </p>
      <div className="flex gap-2">
        <Link
          href="/members"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Back to members
        </Link>
        <Link
          href="/sign-in"
          prefetch={false}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Sign in
        </Link>
      </div>
    </main>
  );
}
