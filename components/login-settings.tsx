"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { changePasswordAction, requestEmailChangeAction, sendVerificationAction } from "@/app/(console)/_actions/login";
import { useStepUp } from "./login/step-up";
import { toast } from "./toast";
import { Button, Field } from "./ui";

type Errors = Record<string, string>;
const fieldErrors = (details: { field: string; message: string }[]): Errors =>
  Object.fromEntries(details.map((d) => [d.field, d.message]));

export function LoginSettings({
  email,
  confirmed,
  passwordChosenForYou,
  hasFactor = false,
}: {
  email: string;
  confirmed: boolean;
  passwordChosenForYou: boolean;
  /** With a second factor, a password or email change first asks for a fresh code (step-up). */
  hasFactor?: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const stepUp = useStepUp(hasFactor);
  const [pwErrors, setPwErrors] = useState<Errors>({});
  const [emailErrors, setEmailErrors] = useState<Errors>({});

  function changePassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const newPassword = String(d.get("newPassword") ?? "");
    start(async () => {
      const send = () => changePasswordAction({ currentPassword: String(d.get("currentPassword") ?? ""), newPassword });
      const r = await send();
      if (!r.ok && r.code === "reverification_required") {
        await stepUp.run(send, () => {
          form.reset();
          router.refresh();
        });
        return;
      }
      if (!r.ok) {
        setPwErrors(fieldErrors(r.details));
        toast.error(r.error);
        return;
      }
      setPwErrors({});
      form.reset();
      // Every other session ended; the server gave this browser a new one.
      toast.success(r.message ?? "Password changed");
      router.refresh();
    });
  }

  function changeEmail(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    start(async () => {
      const send = () =>
        requestEmailChangeAction({
          newEmail: String(d.get("newEmail") ?? ""),
          currentPassword: String(d.get("emailCurrentPassword") ?? ""),
        });
      const r = await send();
      if (!r.ok && r.code === "reverification_required") {
        await stepUp.run(send, () => form.reset());
        return;
      }
      if (!r.ok) {
        setEmailErrors(fieldErrors(r.details));
        toast.error(r.error);
        return;
      }
      setEmailErrors({});
      form.reset();
      toast.success(r.message ?? "Check the new address");
    });
  }

  return (
    <div className="space-y-6">
      {stepUp.prompt}
      <p className="text-sm">
        You sign in as <strong data-testid="login-email">{email}</strong>{" "}
        {confirmed ? (
          <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
            confirmed
          </span>
        ) : (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">
            not confirmed
          </span>
        )}
      </p>
      {(!confirmed || passwordChosenForYou) && (
        <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {passwordChosenForYou
            ? "Your password was chosen by an admin of this account, so it opens only this account. Confirm your email and choose your own password to use your login everywhere."
            : "Confirm your email so that you can reset your password if you forget it."}{" "}
          <Button
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await sendVerificationAction();
                if (r.ok) toast.success(r.message ?? "Link sent");
                else toast.error(r.error);
              })
            }
          >
            Send the confirmation link
          </Button>
        </div>
      )}

      <form onSubmit={changePassword} className="max-w-sm space-y-3" noValidate aria-label="Change password">
        <h3 className="font-semibold">Change password</h3>
        <Field
          id="current-password"
          name="currentPassword"
          type="password"
          label="Current password"
          autoComplete="current-password"
          error={pwErrors.currentPassword}
        />
        <Field
          id="new-password"
          name="newPassword"
          type="password"
          label="New password"
          hint="At least 8 characters. Every other session ends."
          autoComplete="new-password"
          error={pwErrors.newPassword ?? pwErrors.password}
        />
        <Button type="submit" variant="primary" disabled={pending}>
          Change password
        </Button>
      </form>

      <form onSubmit={changeEmail} className="max-w-sm space-y-3" noValidate aria-label="Change email">
        <h3 className="font-semibold">Change sign-in email</h3>
        <Field
          id="new-email"
          name="newEmail"
          type="email"
          label="New email"
          hint="A link goes to the new address; nothing changes until it is followed."
          autoComplete="email"
          error={emailErrors.newEmail}
        />
        <Field
          id="email-current-password"
          name="emailCurrentPassword"
          type="password"
          label="Current password"
          autoComplete="current-password"
          error={emailErrors.currentPassword}
        />
        <Button type="submit" disabled={pending}>
          Send the link
        </Button>
      </form>
    </div>
  );
}
