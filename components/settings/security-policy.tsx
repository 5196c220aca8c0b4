"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateSecurityPolicyAction } from "@/app/(console)/_actions/settings";
import { useStepUp } from "../login/step-up";
import { Button } from "../ui";

const CHOICES = [
  { value: "off", label: "Optional", hint: "Members choose whether to add a second factor." },
  { value: "admins", label: "Required for admins", hint: "ADMIN and SUPER members must sign in with a second factor." },
  { value: "everyone", label: "Required for everyone", hint: "Every member must sign in with a second factor." },
] as const;

/** Settings → Sign-in: who must use a second factor here. API keys and SCIM tokens are not affected. */
export function SecurityPolicy({
  mfa,
  canEdit,
  canLoosen,
  hasFactor,
}: {
  mfa: "off" | "admins" | "everyone";
  canEdit: boolean;
  canLoosen: boolean;
  hasFactor: boolean;
}) {
  const router = useRouter();
  const [choice, setChoice] = useState(mfa);
  const [pending, start] = useTransition();
  const stepUp = useStepUp(hasFactor);
  const order = { off: 0, admins: 1, everyone: 2 };
  return (
    <form
      className="space-y-3 text-sm"
      aria-label="Two-step verification policy"
      onSubmit={(e) => {
        e.preventDefault();
        start(() =>
          stepUp.run(
            () => updateSecurityPolicyAction({ mfa: choice }),
            () => router.refresh(),
          ),
        );
      }}
    >
      <fieldset className="space-y-2" disabled={!canEdit || pending}>
        <legend className="font-medium">Two-step verification</legend>
        {CHOICES.map((c) => {
          const looser = order[c.value] < order[mfa];
          return (
            <label key={c.value} className="flex items-start gap-2">
              <input
                type="radio"
                name="mfa"
                value={c.value}
                checked={choice === c.value}
                disabled={looser && !canLoosen}
                onChange={() => setChoice(c.value)}
                className="mt-1"
              />
              <span>
                <span className="font-medium">{c.label}</span>
                <span className="block text-slate-600 dark:text-slate-400">
                  {c.hint}
                  {looser && !canLoosen ? " Only a Super admin may loosen the policy." : ""}
                </span>
              </span>
            </label>
          );
        })}
      </fieldset>
      <p className="text-slate-600 dark:text-slate-400">
        It applies from each member's next request; nobody is signed out. API keys and SCIM tokens are separate
        credentials and keep working.
      </p>
      {stepUp.prompt}
      {canEdit && (
        <Button type="submit" variant="primary" disabled={pending || choice === mfa}>
          {pending ? "Saving…" : "Save policy"}
        </Button>
      )}
    </form>
  );
}
