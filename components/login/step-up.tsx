"use client";

import { type FormEvent, useState, useTransition } from "react";
import { reverifyAction } from "@/app/(console)/_actions/login";
import { ssoReverifyAction } from "@/app/(console)/_actions/sso";
import type { ActionResult } from "@/lib/console/run-action";
import { toast } from "../toast";
import { Button, Field } from "../ui";

/**
 * Sensitive acts ask for a fresh verification (SPEC §7). `run` performs an
 * action; when the server answers reverification_required, the prompt asks
 * for a code (or the password) inline, then performs the action again.
 */
export function useStepUp(hasFactor: boolean) {
  const [retry, setRetry] = useState<(() => Promise<void>) | null>(null);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  // A session through an identity provider confirms by signing in there again (it may hold no password here).
  const [sso, setSso] = useState<{ id: number; name: string } | null>(null);

  async function run<T>(action: () => Promise<ActionResult<T>>, done: (data: T) => void): Promise<void> {
    const r = await action();
    if (r.ok) {
      done(r.data);
      if (r.message) toast.success(r.message);
      return;
    }
    if (r.code === "reverification_required") {
      setRetry(() => () => run(action, done));
      const through = await ssoReverifyAction();
      setSso(through.ok ? through.data : null);
      return;
    }
    toast.error(r.error);
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get("proof") ?? "").trim();
    start(async () => {
      const r = await reverifyAction(
        hasFactor ? (value.length > 8 ? { recoveryCode: value } : { code: value }) : { password: value },
      );
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setError(null);
      const again = retry;
      setRetry(null);
      await again?.();
    });
  }

  const prompt = retry ? (
    <form
      onSubmit={submit}
      data-testid="step-up"
      className="max-w-sm space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950"
      noValidate
    >
      <p className="text-sm font-medium">Confirm it is you to carry on.</p>
      {sso && (
        <p className="text-sm">
          <a
            href={`/sso/${sso.id}/start?reauth=1&return_to=${encodeURIComponent(`${window.location.pathname}${window.location.search}`)}`}
            className="font-medium text-sky-700 underline dark:text-sky-400"
          >
            Sign in again through {sso.name}
          </a>
          , then do it once more. Or:
        </p>
      )}
      <Field
        id="step-up-proof"
        name="proof"
        type={hasFactor ? "text" : "password"}
        label={hasFactor ? "Code from your authenticator app (or a recovery code)" : "Your password"}
        autoComplete={hasFactor ? "one-time-code" : "current-password"}
        error={error ?? undefined}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Checking…" : "Confirm"}
        </Button>
        <Button onClick={() => setRetry(null)}>Cancel</Button>
      </div>
    </form>
  ) : null;

  return { run, prompt, pending };
}
