import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { sessionUserId } from "@/lib/console/session";
import { ssoErrorMessage } from "@/lib/console/sso-errors";
import { sameOriginPath } from "@/lib/platform/http/redirects";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; step?: string; sso_error?: string }>;
}) {
  const { callbackUrl, step, sso_error: ssoError } = await searchParams;
  if (!ssoError && (await sessionUserId())) redirect(sameOriginPath(callbackUrl));
  const safeCallback = sameOriginPath(callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Roster</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Manage the people in your organization.</p>
        <SignInForm
          callbackUrl={safeCallback}
          initialStep={step === "code" ? "code" : "password"}
          initialError={typeof ssoError === "string" ? ssoErrorMessage(ssoError) : null}
        />
      </div>
    </main>
  );
}
