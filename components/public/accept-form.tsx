"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { acceptInvitationAction } from "@/app/_actions/public";
import { signInWithPassword } from "@/lib/auth/browser";
import { Button, Field } from "../ui";

export function AcceptForm({
  token,
  email,
  firstName,
  lastName,
  hasPassword,
  signedIn,
}: {
  token: string;
  email: string;
  firstName: string;
  lastName: string;
  hasPassword: boolean;
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
      if (!r.data.active) {
        setDone(
          "Invitation accepted. An admin of the account will activate your membership; you can sign in meanwhile.",
        );
        return;
      }
      if (password) {
        await signInWithPassword(email, password);
        router.push("/members");
        router.refresh();
      } else setDone("Invitation accepted. You can now use the account.");
    });
  }

  if (done) {
    return (
      <div role="status" className="mt-4 space-y-3 text-sm">
        <p>{done}</p>
        <a href="/sign-in" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          Go to sign in
        </a>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
      <Field id="accept-email" label="Email" value={email} readOnly />
      {!hasPassword && (
        <>
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
        </>
      )}
      {(!hasPassword || !signedIn) && (
        <Field
          id="accept-password"
          name="password"
          type="password"
          label={hasPassword ? "Your current password" : "Choose a password"}
          hint={hasPassword ? "This email already has a Roster password." : "At least 8 characters."}
          autoComplete={hasPassword ? "current-password" : "new-password"}
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
