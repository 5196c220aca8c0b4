"use client";

import { type FormEvent, useEffect, useState, useTransition } from "react";
import { updateProfileAction } from "@/app/(console)/_actions/members";
import { toast } from "../toast";
import { Button, Field, SelectField } from "../ui";

const FIELDS = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["email", "Email"],
  ["username", "Username"],
  ["title", "Title"],
  ["department", "Department"],
  ["company", "Company"],
  ["phoneMobile", "Mobile phone"],
  ["phoneOffice", "Office phone"],
] as const;

export type ProfileValues = Record<(typeof FIELDS)[number][0] | "gender", string>;

/** PATCH semantics: only the fields that changed are sent; the server's field errors show inline. */
export function ProfileForm({
  userId,
  initial,
  editable,
}: {
  userId: number;
  initial: ProfileValues;
  editable: boolean;
}) {
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();
  const dirty = (Object.keys(values) as (keyof ProfileValues)[]).some((k) => values[k] !== saved[k]);

  // Unsaved edits are not lost silently: leaving the page asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    // In-app links navigate without unloading the page: they ask too.
    const leave = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.("a[href]");
      if (!link || link.hasAttribute("download") || link.getAttribute("href")?.startsWith("#")) return;
      if (!window.confirm("You have unsaved changes to this profile. Leave without saving?")) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", leave, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", leave, true);
    };
  }, [dirty]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const changed: Record<string, string | null> = {};
    for (const key of Object.keys(values) as (keyof ProfileValues)[]) {
      if (values[key] !== saved[key])
        changed[key] = values[key].trim() === "" && key !== "email" ? null : values[key].trim();
    }
    if (Object.keys(changed).length === 0) {
      toast.info("Nothing changed");
      return;
    }
    start(async () => {
      const r = await updateProfileAction(userId, changed);
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        toast.error(r.error);
        return;
      }
      setErrors({});
      setSaved(values);
      toast.success("Profile saved");
    });
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
      {FIELDS.map(([key, label]) => (
        <Field
          key={key}
          id={`profile-${key}`}
          label={label}
          type={key === "email" ? "email" : "text"}
          value={values[key]}
          disabled={!editable}
          error={errors[key]}
          onChange={(e) => setValues({ ...values, [key]: e.target.value })}
        />
      ))}
      <SelectField
        id="profile-gender"
        label="Gender"
        value={values.gender}
        disabled={!editable}
        onChange={(e) => setValues({ ...values, gender: e.target.value })}
      >
        {["unknown", "female", "male", "other"].map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </SelectField>
      {editable && (
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : "Save profile"}
          </Button>
          {dirty && !pending && (
            <span role="status" className="ml-3 text-sm text-amber-800 dark:text-amber-200">
              Unsaved changes
            </span>
          )}
        </div>
      )}
    </form>
  );
}
