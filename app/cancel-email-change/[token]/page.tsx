import type { Metadata } from "next";
import { EmailLinkForm } from "@/components/public/email-link-form";
import { ExpiredLink, PublicShell } from "@/components/public/shell";
import { describeEmailLink } from "@/lib/domain/users/person-login";

export const metadata: Metadata = { title: "Stop the change of your sign-in email" };

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await describeEmailLink("cancel_email_change", token) : null;
  return (
    <PublicShell>
      {link ? (
        <>
          <h1 className="text-xl font-semibold">Stop the change of your sign-in email</h1>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
            Your login keeps this address, and every session of it ends. If you did not ask for the change, choose a new
            password afterwards.
          </p>
          <EmailLinkForm kind="cancel-email-change" token={token} email={link.email} needsPassword={false} />
        </>
      ) : (
        <ExpiredLink what="The change was already confirmed, stopped, or the link is over a day old. Sign in to see which address your login uses." />
      )}
    </PublicShell>
  );
}
