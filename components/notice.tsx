import type { ReactNode } from "react";

/** What a page shows instead of its content when the domain refuses (role, state). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p
      role="status"
      className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      {children}
    </p>
  );
}
