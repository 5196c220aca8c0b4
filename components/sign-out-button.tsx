"use client";

import { signOutTo } from "@/lib/platform/auth/browser";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOutTo("/sign-in")}
      className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      Sign out
    </button>
  );
}
