"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { createScimTokenAction, revokeScimTokenAction } from "@/app/(console)/_actions/scim";
import { ConfirmButton } from "../confirm-button";
import { useStepUp } from "../login/step-up";
import { toast } from "../toast";
import { Button, Field, formatDate, stacked } from "../ui";

export interface ScimTokenRow {
  id: number;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
}

/** SCIM provisioning: the base URL, tokens (each shown once, when made) and their revocation. */
export function ScimTokens({
  baseUrl,
  tokens,
  hasFactor = false,
}: {
  baseUrl: string;
  tokens: ScimTokenRow[];
  hasFactor?: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const stepUp = useStepUp(hasFactor);
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const label = String(new FormData(form).get("label") ?? "");
    start(async () => {
      const r = await createScimTokenAction(label);
      if (!r.ok && r.code === "reverification_required") {
        // A new token is a credential: the console asks to confirm it is you, then makes it.
        await stepUp.run(
          () => createScimTokenAction(label),
          (data) => {
            setFresh(data.token);
            form.reset();
            router.refresh();
          },
        );
        return;
      }
      if (!r.ok) {
        setError(r.details[0]?.message ?? r.error);
        return;
      }
      setError(undefined);
      setFresh(r.data.token);
      form.reset();
      router.refresh();
    });
  }

  return (
    <div className="space-y-4 text-sm">
      {stepUp.prompt}
      <p>
        Identity providers (Okta, Microsoft Entra ID, …) can create, update, suspend and remove this account's members
        and sync its groups through SCIM 2.0. Give your provider this base URL and a token:
      </p>
      <p>
        <code data-testid="scim-base-url" className="rounded bg-slate-100 px-2 py-1 dark:bg-slate-800">
          {baseUrl}
        </code>
      </p>
      {fresh && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950">
          <label htmlFor="scim-new-token" className="block font-medium">
            New token — copy it now, it is not shown again
          </label>
          <div className="mt-2 flex gap-2">
            <input
              id="scim-new-token"
              readOnly
              value={fresh}
              className="w-full rounded border px-2 py-1 font-mono text-xs dark:bg-slate-950"
            />
            <Button
              onClick={() => {
                void navigator.clipboard?.writeText(fresh).catch(() => {});
                toast.success("Token copied");
              }}
            >
              Copy
            </Button>
          </div>
        </div>
      )}
      <form onSubmit={create} className="flex flex-wrap items-end gap-2" noValidate>
        <div className="min-w-64 flex-1">
          <Field
            id="scim-label"
            name="label"
            label="Token name"
            hint="Where it is used, e.g. “Okta production”"
            error={error}
            required
            maxLength={100}
          />
        </div>
        <Button type="submit" variant="primary" disabled={pending}>
          Create token
        </Button>
      </form>
      {tokens.length > 0 && (
        <table className={`${stacked.table} text-left`}>
          <caption className="sr-only">SCIM tokens</caption>
          <thead className={stacked.head}>
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Created
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Last used
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className={stacked.body}>
            {tokens.map((t) => (
              <tr key={t.id} className={stacked.row}>
                <td data-label="Name" className={stacked.cell}>
                  {t.label}
                </td>
                <td data-label="Created" className={stacked.cell}>
                  {formatDate(t.createdAt)}
                  {t.createdBy ? ` by ${t.createdBy}` : ""}
                </td>
                <td data-label="Last used" className={stacked.cell}>
                  {t.lastUsedAt ? formatDate(t.lastUsedAt) : "never"}
                </td>
                <td className={`${stacked.actions} sm:text-right`}>
                  {t.revokedAt ? (
                    <span className="text-slate-600 dark:text-slate-300">Revoked {formatDate(t.revokedAt)}</span>
                  ) : (
                    <ConfirmButton
                      label={`Revoke ${t.label}`}
                      question={`Revoke the SCIM token "${t.label}"? The provider using it stops at once.`}
                      confirmLabel="Revoke"
                      disabled={pending}
                      onConfirm={() =>
                        start(async () => {
                          const r = await revokeScimTokenAction(t.id);
                          if (!r.ok) toast.error(r.error);
                          else toast.success(`Token "${t.label}" revoked`);
                          router.refresh();
                        })
                      }
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
