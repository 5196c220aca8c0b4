"use client";

import { type FormEvent, useState, useTransition } from "react";
import { saveMemberAction } from "@/app/(console)/_actions/members";
import { fieldLabel } from "@/lib/console/messages";
import { toast } from "../toast";
import { Button, Card, Field, SelectField } from "../ui";
import { type CardRow, Checklist, SmartcardsFields, UsernamesField } from "./device-editors";
import { useLeaveWarning } from "./leave-warning";
import { FORM_FIELDS, type ProfileValues } from "./profile-fields";

/** What an admin edits beside the profile. */
export interface MemberExtras {
  groupOptions: { id: number; name: string }[];
  policyOptions: { id: number; name: string }[];
  groups: number[];
  policies: number[];
  /** Policies in effect, direct and through groups (read only). */
  policiesInEffect: string[];
  /** Guests cannot be placed in groups or given policies. */
  placesEditable: boolean;
  smartcards: { number: string; label: string | null }[];
  computerUsernames: string[];
}

interface State {
  profile: ProfileValues;
  groups: Set<number>;
  policies: Set<number>;
  cards: CardRow[];
  allowDuplicates: boolean;
  usernames: string;
}

const sameSet = (a: ReadonlySet<number>, b: ReadonlySet<number>) => a.size === b.size && [...a].every((x) => b.has(x));
const usernameList = (text: string) =>
  text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);

const PARTS = ["profile", "groups", "policies", "smartcards", "computer usernames"] as const;
type Part = (typeof PARTS)[number];

function changedParts(now: State, saved: State): Part[] {
  const parts: Part[] = [];
  if ((Object.keys(now.profile) as (keyof ProfileValues)[]).some((k) => now.profile[k] !== saved.profile[k]))
    parts.push("profile");
  if (!sameSet(now.groups, saved.groups)) parts.push("groups");
  if (!sameSet(now.policies, saved.policies)) parts.push("policies");
  if (JSON.stringify(now.cards) !== JSON.stringify(saved.cards)) parts.push("smartcards");
  if (usernameList(now.usernames).join("\n") !== usernameList(saved.usernames).join("\n"))
    parts.push("computer usernames");
  return parts;
}

/**
 * A member's page as one form: the profile and (for admins) groups, policies,
 * smartcards and computer usernames. One Save sends the parts that changed,
 * saved together or not at all; unsaved edits are never lost silently.
 */
export function MemberForm({
  userId,
  initial,
  editable,
  extras,
}: {
  userId: number;
  initial: ProfileValues;
  editable: boolean;
  extras?: MemberExtras;
}) {
  const start0: State = {
    profile: initial,
    groups: new Set(extras?.groups ?? []),
    policies: new Set(extras?.policies ?? []),
    cards: (extras?.smartcards ?? []).map((c) => ({ number: c.number, label: c.label ?? "" })),
    allowDuplicates: false,
    usernames: (extras?.computerUsernames ?? []).join("\n"),
  };
  const [now, setNow] = useState(start0);
  const [saved, setSaved] = useState(start0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();
  const changed = changedParts(now, saved);
  const dirty = changed.length > 0;
  useLeaveWarning(dirty, "You have unsaved changes to this member. Leave without saving?");
  const set = (patch: Partial<State>) => setNow({ ...now, ...patch });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!dirty) {
      toast.info("Nothing changed");
      return;
    }
    const profile: Record<string, string | null> = {};
    for (const key of Object.keys(now.profile) as (keyof ProfileValues)[]) {
      const value = now.profile[key].trim();
      if (now.profile[key] !== saved.profile[key]) profile[key] = value === "" && key !== "email" ? null : value;
    }
    start(async () => {
      const r = await saveMemberAction(userId, {
        ...(changed.includes("profile") && { profile }),
        ...(changed.includes("groups") && { groups: [...now.groups] }),
        ...(changed.includes("policies") && { policies: [...now.policies] }),
        ...(changed.includes("smartcards") && {
          smartcards: {
            cards: now.cards.map((c) => ({ number: c.number.trim(), label: c.label.trim() || null })),
            allowDuplicates: now.allowDuplicates,
          },
        }),
        ...(changed.includes("computer usernames") && { computerUsernames: usernameList(now.usernames) }),
      });
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        toast.error(r.error);
        return;
      }
      setErrors({});
      setSaved(now);
      toast.success(`Saved: ${changed.join(", ")}`);
    });
  }

  const canSave = editable || extras !== undefined;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Member" className="space-y-4">
      <Card title="Profile">
        <div className="grid gap-3 sm:grid-cols-2">
          {FORM_FIELDS.map((key) => (
            <Field
              key={key}
              id={`profile-${key}`}
              label={fieldLabel(key)}
              type={key === "email" ? "email" : "text"}
              value={now.profile[key]}
              disabled={!editable}
              error={errors[key]}
              onChange={(e) => set({ profile: { ...now.profile, [key]: e.target.value } })}
            />
          ))}
          <SelectField
            id="profile-gender"
            label="Gender"
            value={now.profile.gender}
            disabled={!editable}
            onChange={(e) => set({ profile: { ...now.profile, gender: e.target.value } })}
          >
            {["unknown", "female", "male", "other"].map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </SelectField>
        </div>
      </Card>
      {extras && (
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title="Groups">
            <Checklist
              kind="groups"
              options={extras.groupOptions}
              chosen={now.groups}
              editable={extras.placesEditable}
              onChange={(groups) => set({ groups })}
            />
          </Card>
          <Card title="Policies">
            <Checklist
              kind="policies"
              options={extras.policyOptions}
              chosen={now.policies}
              editable={extras.placesEditable}
              onChange={(policies) => set({ policies })}
            />
            {extras.policiesInEffect.length > 0 && (
              <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">
                In effect (direct and through groups, as last saved): {extras.policiesInEffect.join(", ")}
              </p>
            )}
          </Card>
          <Card title="Smartcards">
            <SmartcardsFields
              cards={now.cards}
              allowDuplicates={now.allowDuplicates}
              onChange={(cards, allowDuplicates) => set({ cards, allowDuplicates })}
            />
          </Card>
          <Card title="Computer usernames">
            <UsernamesField text={now.usernames} onChange={(usernames) => set({ usernames })} />
          </Card>
        </div>
      )}
      {canSave && (
        <div className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white/95 p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900/95">
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : "Save changes"}
          </Button>
          <Button
            variant="ghost"
            disabled={pending || !dirty}
            onClick={() => {
              setNow(saved);
              setErrors({});
            }}
          >
            Discard changes
          </Button>
          <span role="status" className="text-sm text-amber-800 dark:text-amber-200">
            {dirty && !pending ? `Unsaved changes: ${changed.join(", ")}` : ""}
          </span>
        </div>
      )}
    </form>
  );
}
