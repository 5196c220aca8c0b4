"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import {
  confirmTotpAction,
  regenerateRecoveryCodesAction,
  removeFactorAction,
  startTotpAction,
} from "@/app/(console)/_actions/login";
import { registerPasskey } from "@/lib/platform/auth/browser";
import { ConfirmButton } from "../confirm-button";
import { Button, Field, formatDate } from "../ui";
import { RecoveryCodesPanel } from "./recovery-codes";
import { useStepUp } from "./step-up";

export interface FactorRow {
  id: number;
  type: "totp" | "webauthn";
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const KIND = { totp: "Authenticator app", webauthn: "Passkey" } as const;

/** Two-step verification on "Your login": the person's factors, adding an app, recovery codes. */
export function TwoStep({
  factors,
  recoveryCodesLeft,
  intro = true,
}: {
  factors: FactorRow[];
  recoveryCodesLeft: number;
  /** Whether to say what two-step verification does (the account's gate says it in its own words). */
  intro?: boolean;
}) {
  const router = useRouter();
  const hasFactor = factors.length > 0;
  const { run, prompt, pending } = useStepUp(hasFactor);
  const [enrolling, setEnrolling] = useState<{ id: number; secret: string; qr: string } | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  const begin = () =>
    run(
      () => startTotpAction({}),
      (r) => setEnrolling({ id: r.id, secret: r.secret, qr: r.qr }),
    );
  const addPasskey = () =>
    run(
      () => registerPasskey(`Passkey ${factors.filter((f) => f.type === "webauthn").length + 1}`),
      (r) => {
        if (r.recoveryCodes) setCodes(r.recoveryCodes);
        else router.refresh();
      },
    );

  async function confirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!enrolling) return;
    const code = String(new FormData(e.currentTarget).get("code") ?? "").trim();
    setBusy(true);
    const r = await confirmTotpAction(enrolling.id, { code });
    setBusy(false);
    if (!r.ok) {
      setCodeError(r.details.find((d) => d.field === "code") ? "That code does not match: try the next one" : r.error);
      return;
    }
    setEnrolling(null);
    setCodeError(null);
    // The codes show once: the page refreshes only after the person has saved them (an account's gate would lift at once).
    if (r.data.recoveryCodes) setCodes(r.data.recoveryCodes);
    else router.refresh();
  }

  return (
    <div className="space-y-4">
      {intro && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {hasFactor
            ? "Every sign-in asks for one of these after your password; a passkey also signs you in on its own."
            : "Add an authenticator app or a passkey: every sign-in then asks for it after your password. A passkey also signs you in on its own."}
        </p>
      )}
      {hasFactor && (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700">
          {factors.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <span>
                <span className="font-medium">{f.name}</span>{" "}
                <span className="text-slate-500 dark:text-slate-400">
                  {KIND[f.type]} · added {formatDate(f.createdAt)}
                  {f.lastUsedAt ? ` · last used ${formatDate(f.lastUsedAt)}` : ""}
                </span>
              </span>
              <ConfirmButton
                label="Remove"
                ariaLabel={`Remove ${f.name}`}
                confirmLabel="Remove"
                question={
                  factors.length === 1
                    ? `Remove ${f.name}? It is your only second factor: your recovery codes go with it, and sign-in asks for your password alone.`
                    : `Remove ${f.name}?`
                }
                disabled={pending}
                onConfirm={() =>
                  void run(
                    () => removeFactorAction(f.id),
                    () => router.refresh(),
                  )
                }
              />
            </li>
          ))}
        </ul>
      )}
      {prompt}
      {codes && (
        <RecoveryCodesPanel
          codes={codes}
          onDone={() => {
            setCodes(null);
            router.refresh();
          }}
        />
      )}
      {codes ? null : enrolling ? (
        <form onSubmit={confirm} className="max-w-md space-y-3" noValidate data-testid="totp-enroll">
          <p className="text-sm">
            Scan this code with your authenticator app (1Password, Google Authenticator, Authy…), then enter the 6-digit
            code it shows.
          </p>
          {/* biome-ignore lint/performance/noImgElement: a data URL made on the server, not an optimisable asset */}
          <img
            src={enrolling.qr}
            alt="QR code for your authenticator app"
            width={180}
            height={180}
            className="rounded bg-white p-2"
          />
          <p className="text-sm">
            Cannot scan? Enter this key:{" "}
            <code data-testid="totp-secret" className="break-all rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">
              {enrolling.secret}
            </code>
          </p>
          <Field
            id="totp-code"
            name="code"
            label="Code from the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            error={codeError ?? undefined}
          />
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={busy}>
              {busy ? "Checking…" : "Turn on"}
            </Button>
            <Button onClick={() => setEnrolling(null)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button variant={hasFactor ? "secondary" : "primary"} disabled={pending} onClick={() => void begin()}>
            Add an authenticator app
          </Button>
          <Button disabled={pending} onClick={() => void addPasskey()}>
            Add a passkey
          </Button>
        </div>
      )}
      {hasFactor && (
        <div className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-700">
          <h3 className="font-semibold">Recovery codes</h3>
          <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="recovery-left">
            {recoveryCodesLeft} of 10 left. Each signs you in once without your authenticator.
          </p>
          <ConfirmButton
            label="Make new codes"
            confirmLabel="Make new codes"
            variant="secondary"
            question="Make a new set of ten recovery codes? The codes you have now stop working."
            disabled={pending}
            onConfirm={() =>
              void run(
                () => regenerateRecoveryCodesAction(),
                (r) => {
                  setCodes(r.recoveryCodes);
                  router.refresh();
                },
              )
            }
          />
        </div>
      )}
    </div>
  );
}
