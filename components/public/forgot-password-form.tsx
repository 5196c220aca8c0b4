"use client";

import { type FormEvent, useState, useTransition } from "react";
import { forgotPasswordAction } from "@/app/_actions/public";
import { Button, Field } from "../ui";

export function ForgotPasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, start] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "");
    start(async () => {
      const r = await forgotPasswordAction({ email });
      if (!r.ok) setError(r.error);
      else setDone(true);
    });
  }

  if (done) {
    return (
      <p role="status" data-testid="forgot-done" className="mt-4 text-sm">
        If a Roster login uses this address, a link to choose a new password is on its way. It works once, for an hour.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
      <Field
        id="forgot-email"
        name="email"
        type="email"
        label="Email"
        autoComplete="username"
        error={error ?? undefined}
      />
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "Sending…" : "Send the link"}
      </Button>
      <a href="/sign-in" className="block text-center text-sm text-indigo-700 underline dark:text-indigo-300">
        Back to sign in
      </a>
    </form>
  );
}
