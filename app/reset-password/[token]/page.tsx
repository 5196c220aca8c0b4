import type { Metadata } from "next";
import { EmailLinkForm } from "@/components/public/email-link-form";
import { ExpiredLink, PublicShell } from "@/components/public/shell";
import { describeEmailLink } from "@/lib/domain/users/person-login";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await describeEmailLink("reset_password", token) : null;
  return (
    <PublicShell>
      {link ? (
        <>
          <h1 className="text-xl font-semibold">Choose a new password</h1>

          <EmailLinkForm kind="reset" token={token} email={link.email} needsPassword={link.needsPassword} />
        </>
      ) : (
        <ExpiredLink what="Ask for a new link from the sign-in page (Forgot your password?)." />
      )}
    </PublicShell>
  );
}
