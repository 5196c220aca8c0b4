import type { Metadata } from "next";
import { EmailLinkForm } from "@/components/public/email-link-form";
import { ExpiredLink, PublicShell } from "@/components/public/shell";
import { describeEmailLink } from "@/lib/domain/users/person-login";

export const metadata: Metadata = { title: "Confirm your request to join" };

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await describeEmailLink("join", token) : null;
  return (
    <PublicShell>
      {link ? (
        <>
          <h1 className="text-xl font-semibold">Confirm your request to join</h1>
          {link.accountName && (
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
              You asked to join {link.accountName}. An admin reviews every request.
            </p>
          )}
          <EmailLinkForm kind="join" token={token} email={link.email} needsPassword={link.needsPassword} />
        </>
      ) : (
        <ExpiredLink what="Ask to join again from the account's join page." />
      )}
    </PublicShell>
  );
}
