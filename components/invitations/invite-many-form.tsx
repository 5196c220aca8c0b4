"use client";

import { type FormEvent, useState, useTransition } from "react";
import { inviteManyAction } from "@/app/(console)/_actions/invitations";
import { toast } from "../toast";
import { Button, SelectField, title } from "../ui";

type Outcome = { email: string; ok: boolean; emailed: boolean; error: string | null };

/** Paste a list of addresses, pick one role: every address gets its own invitation and its own result line. */
export function InviteManyForm({ roles }: { roles: string[] }) {
  const [results, setResults] = useState<Outcome[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const r = await inviteManyAction({
        emails: String(data.get("emails") ?? ""),
        role: String(data.get("role") ?? "REGULAR") as never,
      });
      if (!r.ok) {
        setError(r.error);
        toast.error(r.error);
        return;
      }
      setError(null);
      setResults(r.data);
      const done = r.data.filter((o) => o.ok).length;
      const refused = r.data.length - done;
      if (refused === 0) {
        form.reset();
        toast.success(`${done} invitation${done === 1 ? "" : "s"} sent`);
      } else toast.warning(`${done} invited, ${refused} not: see each address below`);
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate aria-label="Invite several people">
      <div>
        <label htmlFor="invite-many-emails" className="block text-sm font-medium">
          Email addresses
        </label>
        <textarea
          id="invite-many-emails"
          name="emails"
          rows={4}
          aria-invalid={error ? true : undefined}
          aria-describedby="invite-many-hint"
          placeholder={"ana@example.com, bo@example.com\nCy Lee <cy@example.com>"}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950"
        />
        <p id="invite-many-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-300">
          Separate addresses with commas, spaces or new lines; up to 100 at once.
        </p>
        {error && <p className="mt-1 text-sm text-red-700 dark:text-red-300">{error}</p>}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <SelectField id="invite-many-role" name="role" label="Role for all" defaultValue="REGULAR">
          {roles.map((r) => (
            <option key={r} value={r}>
              {title(r)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Inviting…" : "Invite all"}
        </Button>
      </div>
      {results.length > 0 && (
        <ul aria-label="Results" data-testid="invite-many-results" className="space-y-1 text-sm">
          {results.map((o) => (
            <li key={o.email} data-ok={o.ok} className={o.ok ? "" : "text-red-700 dark:text-red-300"}>
              <span className="font-medium">{o.email}</span>:{" "}
              {o.ok ? (o.emailed ? "invitation emailed" : "invited (copy the link below)") : o.error}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
