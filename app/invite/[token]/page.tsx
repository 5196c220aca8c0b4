import type { Metadata } from "next";
import { AcceptForm } from "@/components/public/accept-form";
import { sessionUserId } from "@/lib/console/session";
import { findInvitationByToken } from "@/lib/domain/invitations/accept-invitation";
import { isDomainError } from "@/lib/platform/errors";

export const metadata: Metadata = { title: "Accept invitation" };

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        {children}
      </div>
    </main>
  );
}

export default async function AcceptInvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let inv: Awaited<ReturnType<typeof findInvitationByToken>> | null = null;
  try {
    inv = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await findInvitationByToken(token) : null;
  } catch (e) {
    if (!isDomainError(e)) throw e;
  }
  if (!inv) {
    return (
      <Shell>
        <h1 className="text-xl font-semibold">This invitation link is not valid</h1>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          Check that you copied the whole link, or ask for a new invitation.
        </p>
      </Shell>
    );
  }
  if (inv.status !== "PENDING") {
    const why =
      inv.status === "EXPIRED" ? "has expired" : inv.status === "REVOKED" ? "was revoked" : "was already accepted";
    return (
      <Shell>
        <h1 className="text-xl font-semibold">This invitation {why}</h1>
        <p data-testid="invitation-state" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          {inv.status === "ACCEPTED" ? (
            <a className="text-indigo-700 underline dark:text-indigo-300" href="/sign-in">
              Sign in
            </a>
          ) : (
            `Ask an admin of ${inv.accountName} for a new invitation.`
          )}
        </p>
      </Shell>
    );
  }
  const signedIn = (await sessionUserId()) !== null;
  return (
    <Shell>
      <h1 className="text-xl font-semibold">Join {inv.accountName}</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        You were invited as {inv.email}. The link works until {inv.expiresAt.toUTCString()}.
      </p>
      <AcceptForm
        token={token}
        email={inv.email}
        firstName={inv.firstName ?? ""}
        lastName={inv.lastName ?? ""}
        accountName={inv.accountName}
        signedIn={signedIn}
      />
    </Shell>
  );
}
