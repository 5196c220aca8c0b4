"use client";

import { type FormEvent, useState, useTransition } from "react";
import { updateSsoConnectionAction } from "@/app/(console)/_actions/sso";
import { toast } from "../toast";
import { Button, Field } from "../ui";

export type MappingValue = Partial<Record<(typeof FIELDS)[number][0], string>> & {
  attributes?: Record<string, string>;
};

const FIELDS = [
  ["email", "Email", "email"],
  ["firstName", "First name", "given_name"],
  ["lastName", "Last name", "family_name"],
  ["displayName", "Display name", "name"],
  ["title", "Title", "title"],
  ["department", "Department", "department"],
] as const;

/**
 * A connection's attribute mapping: which claim (OIDC) or attribute (SAML) fills
 * each profile field (empty: the usual name), and which fill custom attributes.
 */
export function SsoMapping({ id, name, mapping }: { id: number; name: string; mapping: MappingValue }) {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [custom, setCustom] = useState<[string, string][]>(Object.entries(mapping.attributes ?? {}));

  function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next: MappingValue = {};
    for (const [field] of FIELDS) {
      const v = String(data.get(field) ?? "").trim();
      if (v) next[field] = v;
    }
    const attributes = Object.fromEntries(custom.filter(([k, v]) => k.trim() && v.trim()));
    if (Object.keys(attributes).length) next.attributes = attributes;
    start(async () => {
      const r = await updateSsoConnectionAction(id, { mapping: next });
      if (r.ok) {
        setErrors({});
        toast.success("Mapping saved: it applies from the next sign-in");
      } else {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field.replace(/^mapping\./, ""), d.message])));
        if (!r.details.length) toast.error(r.error);
      }
    });
  }

  const customError = Object.entries(errors).find(([k]) => k.startsWith("attributes"))?.[1];
  return (
    <details className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-700">
      <summary className="cursor-pointer font-medium">Attribute mapping</summary>
      <form onSubmit={save} className="mt-2 space-y-3" aria-label={`Attribute mapping of ${name}`}>
        <p className="text-slate-600 dark:text-slate-400">
          The claim or attribute the identity provider sends for each profile field; leave empty for the usual name
          (SAML&apos;s common names, such as <code>mail</code> or <code>givenName</code>, are understood too).
        </p>
        <div className="grid gap-3 sm:grid-cols-3">
          {FIELDS.map(([field, label, fallback]) => (
            <Field
              key={field}
              id={`sso-${id}-map-${field}`}
              name={field}
              label={label}
              defaultValue={mapping[field] ?? ""}
              placeholder={fallback}
              error={errors[field]}
            />
          ))}
        </div>
        <fieldset className="space-y-2">
          <legend className="font-medium">Custom attributes</legend>
          {custom.map(([attr, claim], i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their order is their identity
            <div key={i} className="flex flex-wrap items-center gap-2">
              <input
                aria-label={`Custom attribute ${i + 1}`}
                value={attr}
                placeholder="costCenter"
                onChange={(e) => setCustom(custom.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
              />
              <span aria-hidden>←</span>
              <input
                aria-label={`Claim for custom attribute ${i + 1}`}
                value={claim}
                placeholder="cost_center"
                onChange={(e) => setCustom(custom.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
              />
              <Button type="button" onClick={() => setCustom(custom.filter((_, j) => j !== i))}>
                Remove
              </Button>
            </div>
          ))}
          {customError && <p className="text-red-700 dark:text-red-300">{customError}</p>}
          <Button type="button" onClick={() => setCustom([...custom, ["", ""]])}>
            Add a custom attribute
          </Button>
        </fieldset>
        <Button type="submit" variant="primary" disabled={pending}>
          Save mapping
        </Button>
      </form>
    </details>
  );
}
