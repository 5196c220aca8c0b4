import type { Metadata } from "next";
import { EmailLinkForm } from "@/components/public/email-link-form";
import { ExpiredLink, PublicShell } from "@/components/public/shell";
import { describeEmailLink } from "@/lib/domain/users/person-login";

export const metadata: Metadata = { title: "Use this address to sign in" };

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await describeEmailLink("change_email", token) : null;
  return (
    <PublicShell>
      {link ? (
        <>
          <h1 className="text-xl font-semibold">Use this address to sign in</h1>

          <EmailLinkForm kind="change-email" token={token} email={link.email} needsPassword={link.needsPassword} />
        </>
      ) : (
        <ExpiredLink what="Sign in and ask again to change your email." />
      )}
    </PublicShell>
  );
}
