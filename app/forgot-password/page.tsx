import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/public/forgot-password-form";
import { PublicShell } from "@/components/public/shell";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <PublicShell>
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        Give the email you sign in with; a link to choose a new password goes there.
      </p>
      <ForgotPasswordForm />
    </PublicShell>
  );
}
