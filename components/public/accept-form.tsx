"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { acceptInvitationAction } from "@/app/_actions/public";
import { signInWithPassword } from "@/lib/platform/auth/browser";
import { Button, Field } from "../ui";

export function AcceptForm({
  token,
  email,
  firstName,
  lastName,
  accountName,
  signedIn,
}: {
  token: string;
  email: string;
  firstName: string;
  lastName: string;
  accountName: string;
  signedIn: boolean;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const password = String(data.get("password") ?? "");
    start(async () => {
      const r = await acceptInvitationAction({
        token,
        firstName: String(data.get("firstName") ?? "") || undefined,
        lastName: String(data.get("lastName") ?? "") || undefined,
        password: password || undefined,
      });
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        setMessage(r.error);
        return;
      }
      // Signed in after accepting: with the password just given (a new login),
      // or the person's own (an existing login keeps its password).
      const step = !signedIn && password ? await signInWithPassword(email, password) : null;
      if (step && !step.ok && step.needsSecondFactor) {
        router.push(r.data.active ? "/sign-in?step=code&callbackUrl=/members" : "/sign-in?step=code");
        return;
      }
      const session = signedIn || (step?.ok ?? false);
      if (!session) {
        setDone(
          r.data.active
            ? "Invitation accepted. Sign in with your Roster password to continue."
            : `Invitation accepted. An admin of ${accountName} still has to activate your membership; sign in with your Roster password to see it.`,
        );
        return;
      }
      if (!r.data.active) {
        setDone(
          `Invitation accepted. An admin of ${accountName} still has to activate your membership; you will see the account here once they do.`,
        );
        return;
      }
      router.push("/members");
      router.refresh();
    });
  }

  if (done) {
    return (
      <div role="status" className="mt-4 space-y-3 text-sm">
        <p>{done}</p>
        <div className="flex gap-4">
          <a href="/sign-in" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            Go to sign in
          </a>
          <a href="/forgot-password" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            Forgot your password?
          </a>
        </div>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
      <Field id="accept-email" label="Email" value={email} readOnly />
      <Field
        id="accept-first"
        name="firstName"
        label="First name"
        defaultValue={firstName}
        error={errors.firstName}
        autoComplete="given-name"
      />
      <Field
        id="accept-last"
        name="lastName"
        label="Last name"
        defaultValue={lastName}
        error={errors.lastName}
        autoComplete="family-name"
      />
      {!signedIn && (
        <Field
          id="accept-password"
          name="password"
          type="password"
          label="Password"
          hint="New to Roster: choose one (at least 8 characters). Already have a Roster login: give its password."
          autoComplete="new-password"
          error={errors.password}
        />
      )}
      {message && (
        <p
          data-testid="accept-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {message}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "Accepting…" : "Accept invitation"}
      </Button>
    </form>
  );
}
