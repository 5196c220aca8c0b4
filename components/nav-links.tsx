"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";

export interface NavLink {
  href: string;
  label: string;
  /** Something waiting there (open invitations, join requests): shown as a badge. */
  count?: number;
}

// Pages are prefetched when a person points at their link, not all at once on
// every page load (a console page used to fire dozens of prefetch requests).
export function NavLinks({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  const router = useRouter();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1 text-sm">
      {links.map((l) => {
        const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link
            key={l.href}
            href={l.href}
            prefetch={false}
            onMouseEnter={() => router.prefetch(l.href)}
            onFocus={() => router.prefetch(l.href)}
            aria-current={active ? "page" : undefined}
            className={`inline-flex items-center gap-1.5 rounded px-2 py-1 ${active ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
          >
            {l.label}
            {l.count ? (
              <span
                data-testid={`nav-count-${l.href.slice(1)}`}
                className="rounded-full bg-indigo-600 px-1.5 text-xs font-semibold text-white"
              >
                <span className="sr-only">(</span>
                {l.count > 999 ? "999+" : l.count.toLocaleString("en")}
                <span className="sr-only"> waiting)</span>
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
