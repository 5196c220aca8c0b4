"use client";

import { type FormEvent, useState, useTransition } from "react";
import { requestToJoinAction } from "@/app/_actions/public";
import { Button, Field } from "../ui";

export function JoinForm({ accountId, signedIn }: { accountId: number; signedIn: boolean }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<null | "REQUESTED" | "CONFIRMATION_SENT">(null);
  const [pending, start] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const s = (k: string) => String(d.get(k) ?? "").trim() || undefined;
    start(async () => {
      const r = await requestToJoinAction({
        accountId,
        email: s("email"),
        firstName: s("firstName"),
        lastName: s("lastName"),
      });
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((x) => [x.field, x.message])));
        setMessage(r.error);
        return;
      }
      setDone(r.data.status);
    });
  }

  if (done)
    return (
      <p role="status" className="mt-4 text-sm" data-testid="join-done">
        {done === "REQUESTED"
          ? "Your request was sent. An admin will approve or deny it; the account appears in your console once approved."
          : "Check your email: a link there confirms the request (it works for 24 hours). An admin reviews it after that."}
      </p>
    );
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
      {!signedIn && (
        <>
          <Field id="join-email" name="email" type="email" label="Email" autoComplete="email" error={errors.email} />
          <Field
            id="join-first"
            name="firstName"
            label="First name"
            autoComplete="given-name"
            error={errors.firstName}
          />
          <Field id="join-last" name="lastName" label="Last name" autoComplete="family-name" error={errors.lastName} />
        </>
      )}
      {message && (
        <p
          data-testid="join-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {message}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "Sending…" : "Ask to join"}
      </Button>
    </form>
  );
}
