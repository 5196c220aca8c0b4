import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { MfaGate } from "@/components/login/mfa-gate";
import { SsoGate } from "@/components/login/sso-gate";
import { NavLinks } from "@/components/nav-links";
import { SignOutButton } from "@/components/sign-out-button";
import { consoleAccess, consolePerson, sessionUserId } from "@/lib/console/session";
import { listOwnAccounts } from "@/lib/domain/accounts/get-account";
import { waitingForAdmin } from "@/lib/domain/members/waiting";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { listOwnFactors } from "@/lib/domain/sign-in/factors";
import { activeConnectionOf } from "@/lib/domain/sso/connections";
import { switchAccount } from "./actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const userId = await sessionUserId();
  if (!userId) redirect("/sign-in");
  const access = await consoleAccess();
  const actor = access && "actor" in access ? access.actor : null;
  const mfaRequiredIn = access && "mfaRequiredIn" in access ? access.mfaRequiredIn : null;
  const ssoRequiredIn = access && "ssoRequiredIn" in access ? access.ssoRequiredIn : null;
  const accounts = await listOwnAccounts(userId);
  const current = accounts.find((a) => a.accountId === (actor?.accountId ?? mfaRequiredIn ?? ssoRequiredIn));
  const admin = actor ? can(actor.role, "members.manage") : false;
  const waiting = actor && admin ? await waitingForAdmin(actor) : { joinRequests: 0, invitations: 0 };
  const links = [
    { href: "/members", label: "Members" },
    ...(admin
      ? [
          { href: "/invitations", label: "Invitations", count: waiting.invitations },
          { href: "/join-requests", label: "Join requests", count: waiting.joinRequests },
        ]
      : []),
    { href: "/groups", label: "Groups" },
    { href: "/policies", label: "Policies" },
    ...(admin ? [{ href: "/audit", label: "Audit log" }] : []),
    { href: "/settings", label: "Settings" },
    { href: "/api-reference", label: "API reference" },
  ];

  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/members" prefetch={false} className="text-lg font-semibold tracking-tight">
            Roster
          </Link>
          <NavLinks links={actor ? links : []} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            {current && (
              <span data-testid="current-account" className="font-medium">
                {current.name}
              </span>
            )}
            {accounts.length > 1 && (
              <form action={switchAccount} className="flex items-center gap-2">
                <label htmlFor="account-switcher" className="sr-only">
                  Switch account
                </label>
                <select
                  id="account-switcher"
                  name="accountId"
                  defaultValue={current?.accountId}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
                >
                  {accounts.map((a) => (
                    <option key={a.accountId} value={a.accountId}>
                      {a.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">
                  Switch
                </button>
              </form>
            )}
            {current && (
              <span className="rounded bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">
                {ROLE_NAMES[current.role]}
              </span>
            )}
            <Link
              href="/login"
              prefetch={false}
              className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              Your login
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">
        {actor ? (
          children
        ) : ssoRequiredIn !== null && current ? (
          <SsoGate accountName={current.name} connection={await activeConnectionOf(ssoRequiredIn)} />
        ) : mfaRequiredIn !== null && current ? (
          <MfaGate accountName={current.name} factors={await gateFactors()} />
        ) : accounts.waiting.length > 0 ? (
          <div
            data-testid="waiting-for-activation"
            className="space-y-2 rounded-md bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            {accounts.waiting.map((w) => (
              <p key={w.accountId}>
                {w.status === "REQUESTED"
                  ? `Your request to join ${w.name} is waiting for an admin to approve it.`
                  : `You accepted the invitation to ${w.name}; an admin still has to activate your membership.`}
              </p>
            ))}
            <p>This page shows the account as soon as they do.</p>
          </div>
        ) : (
          <p className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            You have no active membership in any account.
          </p>
        )}
      </main>
    </div>
  );
}

/** The person's own factors, for the gate of an account that requires one. */
async function gateFactors() {
  const person = await consolePerson();
  if (!person) return { factors: [], recoveryCodesLeft: 0 };
  const r = await listOwnFactors(person);
  return {
    factors: r.factors.map((f) => ({
      ...f,
      createdAt: f.createdAt.toISOString(),
      lastUsedAt: f.lastUsedAt?.toISOString() ?? null,
    })),
    recoveryCodesLeft: r.recoveryCodesLeft,
  };
}
