"use client";

import Link from "next/link";
import { type FormEvent, useState, useTransition } from "react";
import {
  addWebhookAction,
  deleteWebhookAction,
  rotateWebhookSecretAction,
  testWebhookAction,
  updateWebhookAction,
} from "@/app/(console)/_actions/webhooks";
import { ConfirmButton } from "../confirm-button";
import { toast } from "../toast";
import { Button, Field } from "../ui";

export interface WebhookRow {
  id: number;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
}

/** The event families an endpoint may pick (each is "<family>.*"). */
export interface Family {
  name: string;
  types: string[];
}

/**
 * Settings → Webhooks: endpoints that receive the account's events (signed per
 * Standard Webhooks), the secret shown once, a test event, and each one's log.
 */
export function Webhooks({ endpoints, families }: { endpoints: WebhookRow[]; families: Family[] }) {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<{ id: number; value: string } | null>(null);

  function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const events = data.getAll("family").map((f) => `${String(f)}.*`);
    start(async () => {
      const r = await addWebhookAction({
        url: String(data.get("url") ?? ""),
        description: String(data.get("description") ?? ""),
        events,
      });
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        if (!r.details.length) toast.error(r.error);
        return;
      }
      setErrors({});
      setSecret({ id: r.data.id, value: r.data.secret });
      form.reset();
      toast.success(r.message ?? "Added");
    });
  }

  const act = (fn: () => Promise<{ ok: boolean; error?: string; message?: string }>) =>
    start(async () => {
      const r = await fn();
      if (r.ok) toast.success(r.message ?? "Done");
      else toast.error(r.error ?? "Refused");
    });

  return (
    <div className="space-y-4 text-sm">
      <p>
        Every change in this account is an event. Endpoints receive the ones they pick, in order, signed per{" "}
        <a className="underline" href="https://www.standardwebhooks.com/">
          Standard Webhooks
        </a>{" "}
        (verify with the secret), and retried for about a day and a half when they fail. Scripts can also read them from{" "}
        <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">GET /api/v1/events</code>.
      </p>
      {secret && (
        <div
          className="rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950"
          data-testid="webhook-secret"
        >
          <label htmlFor="webhook-secret" className="block font-medium">
            Signing secret — copy it now, it is not shown again
          </label>
          <div className="mt-2 flex gap-2">
            <input
              id="webhook-secret"
              readOnly
              value={secret.value}
              className="w-full rounded border px-2 py-1 font-mono text-xs dark:bg-slate-950"
            />
            <Button
              onClick={() => {
                void navigator.clipboard?.writeText(secret.value).catch(() => {});
                toast.success("Secret copied");
              }}
            >
              Copy
            </Button>
          </div>
        </div>
      )}
      {endpoints.length > 0 && (
        <ul
          className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700"
          data-testid="webhooks"
        >
          {endpoints.map((w) => (
            <li key={w.id} className="space-y-1 px-3 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="min-w-0">
                  <code className="break-all">{w.url}</code>{" "}
                  <span
                    className={`rounded px-1.5 py-0.5 text-xs ${w.enabled ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" : "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100"}`}
                  >
                    {w.enabled ? "enabled" : "disabled"}
                  </span>
                </span>
                <span className="flex flex-wrap gap-2">
                  <Link
                    href={`/settings/webhooks/${w.id}`}
                    className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
                  >
                    Deliveries
                  </Link>
                  <Button
                    disabled={pending}
                    onClick={() =>
                      start(async () => {
                        const r = await testWebhookAction(w.id);
                        if (!r.ok) toast.error(r.error);
                        else if (r.data.ok) toast.success(`Test event delivered (HTTP ${r.data.status})`);
                        else
                          toast.error(
                            `Test event not delivered: ${r.data.status ? `HTTP ${r.data.status}` : r.data.error}`,
                          );
                      })
                    }
                  >
                    Send test event
                  </Button>
                  <Button
                    disabled={pending}
                    onClick={() => act(() => updateWebhookAction(w.id, { enabled: !w.enabled }))}
                  >
                    {w.enabled ? "Disable" : "Enable"}
                  </Button>
                  <ConfirmButton
                    label="Rotate secret"
                    ariaLabel={`Rotate the secret of ${w.url}`}
                    confirmLabel="Rotate"
                    question="Make a new signing secret? The old one keeps signing for 24 hours."
                    disabled={pending}
                    onConfirm={() =>
                      start(async () => {
                        const r = await rotateWebhookSecretAction(w.id);
                        if (r.ok) {
                          setSecret({ id: w.id, value: r.data.secret });
                          toast.success(r.message ?? "Rotated");
                        } else toast.error(r.error);
                      })
                    }
                  />
                  <ConfirmButton
                    label="Remove"
                    ariaLabel={`Remove ${w.url}`}
                    confirmLabel="Remove"
                    question={`Remove ${w.url} and its delivery log?`}
                    disabled={pending}
                    onConfirm={() => act(() => deleteWebhookAction(w.id))}
                  />
                </span>
              </div>
              <p className="text-slate-600 dark:text-slate-400">
                {w.events.join(", ")}
                {w.description && ` — ${w.description}`}
              </p>
              {w.disabledReason && <p className="text-amber-800 dark:text-amber-300">Stopped: {w.disabledReason}</p>}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="space-y-3" aria-label="Add a webhook endpoint" noValidate>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            id="webhook-url"
            name="url"
            label="Endpoint URL"
            placeholder="https://example.com/roster-events"
            required
            error={errors.url}
          />
          <Field id="webhook-description" name="description" label="Description" error={errors.description} />
        </div>
        <fieldset>
          <legend className="font-medium">Events</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {families.map((f) => (
              <label key={f.name} className="flex items-center gap-2" title={f.types.join(", ")}>
                <input type="checkbox" name="family" value={f.name} defaultChecked={f.name === "member"} />
                {f.name}.*
              </label>
            ))}
          </div>
          {errors.events && <p className="text-red-700 dark:text-red-300">Events {errors.events}</p>}
        </fieldset>
        <Button type="submit" variant="primary" disabled={pending}>
          Add endpoint
        </Button>
      </form>
    </div>
  );
}
