"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import {
  cancelEmailChangeAction,
  confirmEmailAction,
  confirmEmailChangeAction,
  confirmJoinAction,
  resetPasswordAction,
} from "@/app/_actions/public";
import { signInWithPassword } from "@/lib/platform/auth/browser";
import { Button, Field } from "../ui";

type Kind = "reset" | "verify" | "join" | "change-email" | "cancel-email-change";

const SUBMIT: Record<Kind, string> = {
  reset: "Set the new password",
  verify: "Confirm my email",
  join: "Send my request",
  "change-email": "Use this address",
  "cancel-email-change": "Stop the change and sign out everywhere",
};

/** The form behind a mailed link: one submit, then signed in where a password was given. */
export function EmailLinkForm({
  kind,
  token,
  email,
  needsPassword,
}: {
  kind: Kind;
  token: string;
  email: string;
  needsPassword: boolean;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "") || undefined;
    start(async () => {
      const r =
        kind === "reset"
          ? await resetPasswordAction({ token, password: password ?? "" })
          : kind === "verify"
            ? await confirmEmailAction({ token, password })
            : kind === "join"
              ? await confirmJoinAction({ token, password })
              : kind === "change-email"
                ? await confirmEmailChangeAction({ token })
                : await cancelEmailChangeAction({ token });
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        setMessage(r.error);
        return;
      }
      const step = password ? await signInWithPassword(email, password) : null;
      // A login with a second factor asks for it on the sign-in page (the pending sign-in is this browser's).
      if (step && !step.ok && step.needsSecondFactor) {
        router.push("/sign-in?step=code");
        return;
      }
      const signedIn = step?.ok ?? false;
      if (kind === "join") {
        setDone("Your request was sent. An admin of the account will approve or deny it.");
        return;
      }
      if (kind === "cancel-email-change") {
        setDone(
          `Stopped: your login keeps ${email}, and every session has ended. Choose a new password if the request was not yours.`,
        );
        return;
      }
      if (kind === "change-email") {
        setDone(`You now sign in with ${email}. Every session has ended: sign in again.`);
        return;
      }
      if (signedIn) {
        router.push("/members");
        router.refresh();
        return;
      }
      setDone(kind === "reset" ? "Your password is set. Sign in with it." : "Your email is confirmed.");
    });
  }

  if (done) {
    return (
      <div role="status" data-testid="link-done" className="mt-4 space-y-3 text-sm">
        <p>{done}</p>
        <a href="/sign-in" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Go to sign in
        </a>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
      <Field id="link-email" label="Email" value={email} readOnly />
      {(needsPassword || kind === "reset") && (
        <Field
          id="link-password"
          name="password"
          type="password"
          label={kind === "reset" ? "New password" : "Choose a password"}
          hint="At least 8 characters."
          autoComplete="new-password"
          error={errors.password}
        />
      )}
      {message && (
        <p
          data-testid="link-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {message}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "One moment…" : SUBMIT[kind]}
      </Button>
    </form>
  );
}
