"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import {
  type SignInStep,
  signInWithPasskeyInBrowser,
  signInWithPassword,
  submitSecondFactor,
} from "@/lib/platform/auth/browser";

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-950";
const buttonClass =
  "w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60";

function messageFor(step: Exclude<SignInStep, { ok: true } | { needsSecondFactor: true }>, second: boolean): string {
  if (step.error === "TooManyAttempts") return "Too many failed attempts. Wait a few minutes, then try again.";
  if (step.error === "Expired") return "This sign-in has expired. Start again with your email and password.";
  return second ? "That code is not right, or was already used." : "That email and password do not match an account.";
}

/**
 * Email first: an email at a domain whose organization signs in through its
 * identity provider is routed there (a password stays possible for
 * break-glass); otherwise email and password, then, for a login with a
 * second factor, a code from the app or a recovery code.
 */
export function SignInForm({
  callbackUrl,
  initialStep = "password",
  initialError = null,
}: {
  callbackUrl: string;
  initialStep?: "password" | "code";
  initialError?: string | null;
}) {
  const router = useRouter();
  const [step, setStep] = useState<"password" | "code">(initialStep);
  const [useRecovery, setUseRecovery] = useState(false);
  const [factors, setFactors] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const [ssoUrl, setSsoUrl] = useState<string | null>(null);
  const [passwordAnyway, setPasswordAnyway] = useState(false);

  async function discover(email: string) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) return setSsoUrl(null);
    const res = await fetch("/api/v1/login/discover", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: email.trim() }),
    }).catch(() => null);
    const answer = res?.ok ? ((await res.json()) as { method: string; url?: string }) : null;
    setSsoUrl(answer?.method === "sso" && answer.url ? answer.url : null);
  }

  const routed = ssoUrl !== null && !passwordAnyway;

  function finish(result: SignInStep, second: boolean) {
    if (result.ok) {
      router.push(callbackUrl);
      router.refresh();
      return;
    }
    if (result.needsSecondFactor) {
      setFactors(result.factors);
      setStep("code");
      return;
    }
    if (result.error === "Expired") setStep("password");
    setError(messageFor(result, second));
  }

  async function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (routed) {
      const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
      window.location.assign(`${ssoUrl}?login_hint=${encodeURIComponent(email)}`);
      return;
    }
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
    setPending(false);
    finish(result, false);
  }

  async function passkey(asSecondFactor: boolean) {
    setPending(true);
    setError(null);
    const result = await signInWithPasskeyInBrowser(asSecondFactor);
    setPending(false);
    finish(result, true);
  }

  async function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    setPending(true);
    setError(null);
    const result = await submitSecondFactor(useRecovery ? { recoveryCode: value } : { code: value });
    setPending(false);
    finish(result, true);
  }

  const alert = error && (
    <p
      data-testid="sign-in-error"
      role="alert"
      className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
    >
      {error}
    </p>
  );

  if (step === "code") {
    return (
      <form onSubmit={onCode} className="mt-6 space-y-4" noValidate data-testid="second-factor-form">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {useRecovery
            ? "Enter one of the recovery codes you saved. Each works once."
            : "Enter the 6-digit code from your authenticator app."}
        </p>
        <div>
          <label htmlFor="code" className="block text-sm font-medium">
            {useRecovery ? "Recovery code" : "Authentication code"}
          </label>
          <input
            id="code"
            name="code"
            key={useRecovery ? "recovery" : "totp"}
            inputMode={useRecovery ? "text" : "numeric"}
            autoComplete="one-time-code"
            pattern={useRecovery ? undefined : "[0-9]*"}
            maxLength={useRecovery ? 20 : 6}
            required
            className={`${inputClass} tracking-widest`}
          />
        </div>
        {alert}
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Checking…" : "Verify"}
        </button>
        {factors.includes("webauthn") && (
          <button
            type="button"
            disabled={pending}
            onClick={() => void passkey(true)}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm font-medium dark:border-slate-600"
          >
            Use a passkey instead
          </button>
        )}
        <div className="flex justify-between text-sm">
          <button
            type="button"
            onClick={() => {
              setUseRecovery(!useRecovery);
              setError(null);
            }}
            className="text-indigo-700 underline dark:text-indigo-300"
          >
            {useRecovery ? "Use the authenticator app" : "Use a recovery code"}
          </button>
          <button
            type="button"
            onClick={() => {
              setStep("password");
              setError(null);
            }}
            className="text-slate-600 underline dark:text-slate-400"
          >
            Start over
          </button>
        </div>
      </form>
    );
  }

  return (
    <form onSubmit={onPassword} className="mt-6 space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className={inputClass}
          onBlur={(e) => void discover(e.currentTarget.value)}
        />
      </div>
      {routed ? (
        <div data-testid="sso-routed" className="space-y-3">
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Your organization signs in through its identity provider.
          </p>
          {alert}
          <button type="submit" className={buttonClass}>
            Continue with single sign-on
          </button>
          <button
            type="button"
            onClick={() => setPasswordAnyway(true)}
            className="block w-full text-center text-sm text-slate-600 underline dark:text-slate-400"
          >
            Use a password instead
          </button>
        </div>
      ) : (
        <>
          <div>
            <label htmlFor="password" className="block text-sm font-medium">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className={inputClass}
            />
          </div>
          {alert}
          <button type="submit" disabled={pending} className={buttonClass}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </>
      )}
      <button
        type="button"
        disabled={pending}
        onClick={() => void passkey(false)}
        className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Sign in with a passkey
      </button>
      <a href="/forgot-password" className="block text-center text-sm text-indigo-700 underline dark:text-indigo-300">
        Forgot your password?
      </a>
    </form>
  );
}
