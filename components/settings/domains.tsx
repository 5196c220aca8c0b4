"use client";

import { type FormEvent, useState, useTransition } from "react";
import {
  addDomainAction,
  deleteDomainAction,
  updateDomainAction,
  verifyDomainAction,
} from "@/app/(console)/_actions/domains";
import { ConfirmButton } from "../confirm-button";
import { toast } from "../toast";
import { Button, Field, formatDate } from "../ui";

export interface DomainRow {
  id: number;
  domain: string;
  status: "pending" | "verified" | "lapsed";
  enrollment: "off" | "suggest" | "auto_join";
  recordName: string;
  recordValue: string;
  checkedAt: string | null;
  lastFound: string | null;
}

const STATUS_STYLE = {
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  verified: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  lapsed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

/** Settings → Domains: claim a domain, publish its TXT record, verify it, choose who may join through it. */
export function Domains({ domains }: { domains: DomainRow[] }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | undefined>();
  const [failures, setFailures] = useState<Record<number, string>>({});

  function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const domain = String(new FormData(form).get("domain") ?? "");
    start(async () => {
      const r = await addDomainAction({ domain });
      if (!r.ok) {
        setError(r.details[0]?.message ? `${domain} ${r.details[0].message}` : r.error);
        return;
      }
      setError(undefined);
      form.reset();
      toast.success(r.message ?? "Added");
    });
  }

  const verify = (id: number) =>
    start(async () => {
      const r = await verifyDomainAction(id);
      if (r.ok) {
        setFailures(({ [id]: _, ...rest }) => rest);
        toast.success(r.message ?? "Verified");
      } else setFailures((f) => ({ ...f, [id]: r.error }));
    });

  return (
    <div className="space-y-4 text-sm">
      <p>
        Prove your organization's email domain with a DNS TXT record. A verified domain belongs to this account alone,
        is checked again every day, and lapses if the record goes.
      </p>
      {domains.length > 0 && (
        <ul
          className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700"
          data-testid="domains"
        >
          {domains.map((d) => (
            <li key={d.id} className="space-y-2 px-3 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="font-medium">{d.domain}</span>{" "}
                  <span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_STYLE[d.status]}`}>{d.status}</span>
                </span>
                <span className="flex flex-wrap gap-2">
                  {d.status !== "verified" && (
                    <Button variant="primary" disabled={pending} onClick={() => verify(d.id)}>
                      Verify
                    </Button>
                  )}
                  <ConfirmButton
                    label="Remove"
                    ariaLabel={`Remove ${d.domain}`}
                    confirmLabel="Remove"
                    question={`Remove ${d.domain} from this account?`}
                    disabled={pending}
                    onConfirm={() =>
                      start(async () => {
                        const r = await deleteDomainAction(d.id);
                        if (r.ok) toast.success(r.message ?? "Removed");
                        else toast.error(r.error);
                      })
                    }
                  />
                </span>
              </div>
              {d.status !== "verified" && (
                <p className="text-slate-700 dark:text-slate-300">
                  Add a TXT record named{" "}
                  <code className="break-all rounded bg-slate-100 px-1 dark:bg-slate-800">{d.recordName}</code> with the
                  value{" "}
                  <code data-testid="domain-record" className="break-all rounded bg-slate-100 px-1 dark:bg-slate-800">
                    {d.recordValue}
                  </code>
                </p>
              )}
              {failures[d.id] && (
                <p
                  role="alert"
                  className="rounded-md bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950 dark:text-red-200"
                >
                  {failures[d.id]}
                </p>
              )}
              {d.status === "verified" && (
                <label className="flex flex-wrap items-center gap-2">
                  <span>People with a confirmed email at {d.domain}:</span>
                  <select
                    defaultValue={d.enrollment}
                    disabled={pending}
                    aria-label={`Who may join through ${d.domain}`}
                    onChange={(e) =>
                      start(async () => {
                        const r = await updateDomainAction(d.id, { enrollment: e.target.value });
                        if (r.ok) toast.success(r.message ?? "Saved");
                        else toast.error(r.error);
                      })
                    }
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
                  >
                    <option value="off">cannot join on their own</option>
                    <option value="suggest">may ask to join</option>
                    <option value="auto_join">join as members when they sign in</option>
                  </select>
                </label>
              )}
              {d.checkedAt && (
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  Last checked {formatDate(d.checkedAt)}
                  {d.lastFound ? `: ${d.lastFound}` : ""}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="flex flex-wrap items-end gap-2" noValidate aria-label="Add a domain">
        <Field id="new-domain" name="domain" label="Domain" hint="For example example.com" error={error} />
        <Button type="submit" disabled={pending}>
          Add domain
        </Button>
      </form>
    </div>
  );
}
