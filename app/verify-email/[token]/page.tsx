import type { Metadata } from "next";
import { EmailLinkForm } from "@/components/public/email-link-form";
import { ExpiredLink, PublicShell } from "@/components/public/shell";
import { describeEmailLink } from "@/lib/domain/users/person-login";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await describeEmailLink("verify_email", token) : null;
  return (
    <PublicShell>
      {link ? (
        <>
          <h1 className="text-xl font-semibold">Confirm your email</h1>
          {link.needsPassword && (
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
              Your current password was chosen for you; choose one of your own to confirm.
            </p>
          )}
          <EmailLinkForm kind="verify" token={token} email={link.email} needsPassword={link.needsPassword} />
        </>
      ) : (
        <ExpiredLink what="Sign in and ask for a new confirmation link." />
      )}
    </PublicShell>
  );
}
