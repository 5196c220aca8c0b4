"use client";

import { type FormEvent, useState, useTransition } from "react";
import { inviteAction } from "@/app/(console)/_actions/invitations";
import { toast } from "../toast";
import { Button, Field, SelectField, title } from "../ui";

export function InviteForm({ roles }: { roles: string[] }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [link, setLink] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const input = {
      email: String(data.get("email") ?? ""),
      firstName: String(data.get("firstName") ?? "") || undefined,
      lastName: String(data.get("lastName") ?? "") || undefined,
      role: String(data.get("role") ?? "REGULAR") as never,
    };
    start(async () => {
      const r = await inviteAction(input);
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        toast.error(r.error);
        return;
      }
      setErrors({});
      setLink(r.data.url);
      form.reset();
      toast.success(
        r.data.emailed
          ? `Invitation emailed to ${r.data.email}`
          : `Invitation created for ${r.data.email} (no mail server configured: copy the link)`,
      );
    });
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate aria-label="Invite a member">
      <Field
        id="invite-email"
        name="email"
        type="email"
        label="Email"
        required
        error={errors.email}
        autoComplete="off"
      />
      <SelectField id="invite-role" name="role" label="Role" defaultValue="REGULAR">
        {roles.map((r) => (
          <option key={r} value={r}>
            {title(r)}
          </option>
        ))}
      </SelectField>
      <Field id="invite-first" name="firstName" label="First name" error={errors.firstName} />
      <Field id="invite-last" name="lastName" label="Last name" error={errors.lastName} />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Inviting…" : "Send invitation"}
        </Button>
        {link && (
          <span className="flex items-center gap-2 text-sm">
            <code
              data-testid="invite-link"
              className="max-w-xs truncate rounded bg-slate-100 px-2 py-1 text-xs dark:bg-slate-800"
            >
              {link}
            </code>
            <Button
              onClick={() =>
                navigator.clipboard?.writeText(link).then(
                  () => toast.success("Link copied"),
                  () => {},
                )
              }
            >
              Copy link
            </Button>
          </span>
        )}
      </div>
    </form>
  );
}
