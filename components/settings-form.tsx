"use client";

import { type FormEvent, useState, useTransition } from "react";
import { updateAccountAction } from "@/app/(console)/_actions/settings";
import { toast } from "./toast";
import { Button, Field } from "./ui";

interface Address {
  label: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}
interface Phone {
  label: string;
  number: string;
}
export interface SettingsValues {
  name: string;
  domain: string;
  organizationId: string;
  tokenBalance: number;
  inviteTtlDays: number;
  autoActivateOnAccept: boolean;
  addresses: Address[];
  phones: Phone[];
}

const emptyAddress: Address = { label: "", line1: "", line2: "", city: "", region: "", postalCode: "", country: "" };
const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950";
const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

export function SettingsForm({
  initial,
  canEdit,
  canEditBalance,
  canEditAutoActivate,
}: {
  initial: SettingsValues;
  canEdit: boolean;
  canEditBalance: boolean;
  canEditAutoActivate: boolean;
}) {
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    start(async () => {
      const r = await updateAccountAction({
        name: v.name,
        domain: orNull(v.domain),
        organizationId: orNull(v.organizationId),
        ...(canEditBalance && v.tokenBalance !== initial.tokenBalance ? { tokenBalance: v.tokenBalance } : {}),
        settings: {
          inviteTtlDays: v.inviteTtlDays,
          ...(v.autoActivateOnAccept !== initial.autoActivateOnAccept
            ? { autoActivateOnAccept: v.autoActivateOnAccept }
            : {}),
        },
        addresses: v.addresses.map((a) => ({
          label: orNull(a.label),
          line1: a.line1,
          line2: orNull(a.line2),
          city: orNull(a.city),
          region: orNull(a.region),
          postalCode: orNull(a.postalCode),
          country: orNull(a.country),
        })),
        phones: v.phones.map((p) => ({ label: orNull(p.label), number: p.number })),
      });
      if (!r.ok) {
        setErrors(Object.fromEntries(r.details.map((d) => [d.field, d.message])));
        toast.error(r.error);
        return;
      }
      setErrors({});
      toast.success("Settings saved");
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="settings-name"
          label="Account name"
          value={v.name}
          disabled={!canEdit}
          error={errors.name}
          onChange={(e) => setV({ ...v, name: e.target.value })}
        />
        <Field
          id="settings-domain"
          label="Domain"
          value={v.domain}
          disabled={!canEdit}
          error={errors.domain}
          onChange={(e) => setV({ ...v, domain: e.target.value })}
        />
        <Field
          id="settings-org"
          label="Organization id"
          value={v.organizationId}
          disabled={!canEdit}
          error={errors.organizationId}
          onChange={(e) => setV({ ...v, organizationId: e.target.value })}
        />
        <Field
          id="settings-tokens"
          label="Token balance"
          type="number"
          min={0}
          value={v.tokenBalance}
          disabled={!canEditBalance}
          hint={canEditBalance ? undefined : "Only a SUPER changes the token balance."}
          error={errors.tokenBalance}
          onChange={(e) => setV({ ...v, tokenBalance: Number(e.target.value) })}
        />
        <Field
          id="settings-ttl"
          label="Invitations expire after (days)"
          type="number"
          min={1}
          max={90}
          value={v.inviteTtlDays}
          disabled={!canEdit}
          error={errors["settings.inviteTtlDays"]}
          onChange={(e) => setV({ ...v, inviteTtlDays: Number(e.target.value) })}
        />
        <label className="flex items-center gap-2 self-end text-sm">
          <input
            type="checkbox"
            checked={v.autoActivateOnAccept}
            disabled={!canEditAutoActivate}
            onChange={(e) => setV({ ...v, autoActivateOnAccept: e.target.checked })}
          />
          Activate members as soon as they accept an invitation
          {canEdit && !canEditAutoActivate && <span className="text-slate-500">(a super admin changes this)</span>}
        </label>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Addresses</legend>
        {v.addresses.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          <div key={i} className="flex flex-wrap gap-2">
            {(Object.keys(emptyAddress) as (keyof Address)[]).map((k) => (
              <span key={k}>
                <label htmlFor={`address-${i}-${k}`} className="sr-only">
                  Address {i + 1} {k}
                </label>
                <input
                  id={`address-${i}-${k}`}
                  placeholder={k === "line1" ? "Street (required)" : k}
                  value={a[k]}
                  disabled={!canEdit}
                  className={`${input} w-36`}
                  onChange={(e) =>
                    setV({ ...v, addresses: v.addresses.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)) })
                  }
                />
              </span>
            ))}
            {canEdit && (
              <Button variant="ghost" onClick={() => setV({ ...v, addresses: v.addresses.filter((_, j) => j !== i) })}>
                Remove
              </Button>
            )}
          </div>
        ))}
        {canEdit && (
          <Button onClick={() => setV({ ...v, addresses: [...v.addresses, { ...emptyAddress }] })}>Add address</Button>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Phones</legend>
        {v.phones.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          <div key={i} className="flex flex-wrap gap-2">
            <label htmlFor={`phone-${i}-label`} className="sr-only">
              Phone {i + 1} label
            </label>
            <input
              id={`phone-${i}-label`}
              placeholder="Label"
              value={p.label}
              disabled={!canEdit}
              className={input}
              onChange={(e) =>
                setV({ ...v, phones: v.phones.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })
              }
            />
            <label htmlFor={`phone-${i}-number`} className="sr-only">
              Phone {i + 1} number
            </label>
            <input
              id={`phone-${i}-number`}
              placeholder="Number"
              value={p.number}
              disabled={!canEdit}
              className={input}
              onChange={(e) =>
                setV({ ...v, phones: v.phones.map((x, j) => (j === i ? { ...x, number: e.target.value } : x)) })
              }
            />
            {canEdit && (
              <Button variant="ghost" onClick={() => setV({ ...v, phones: v.phones.filter((_, j) => j !== i) })}>
                Remove
              </Button>
            )}
          </div>
        ))}
        {canEdit && (
          <Button onClick={() => setV({ ...v, phones: [...v.phones, { label: "", number: "" }] })}>Add phone</Button>
        )}
      </fieldset>

      {canEdit && (
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      )}
    </form>
  );
}
