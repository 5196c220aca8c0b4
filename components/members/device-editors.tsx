"use client";

import { Button } from "../ui";

// The member page's parts beside the profile, as controlled fields: the
// member form holds their values and saves them with the rest.

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950";

export interface CardRow {
  number: string;
  label: string;
}

export function SmartcardsFields({
  cards,
  allowDuplicates,
  onChange,
}: {
  cards: CardRow[];
  allowDuplicates: boolean;
  onChange: (cards: CardRow[], allowDuplicates: boolean) => void;
}) {
  const set = (next: CardRow[]) => onChange(next, allowDuplicates);
  return (
    <div className="space-y-2 text-sm">
      {cards.length === 0 && <p className="text-slate-700 dark:text-slate-300">No smartcards.</p>}
      {cards.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
        <div key={i} className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={`card-number-${i}`}>
            Card number {i + 1}
          </label>
          <input
            id={`card-number-${i}`}
            inputMode="numeric"
            value={c.number}
            placeholder="Number (digits)"
            className={input}
            onChange={(e) => set(cards.map((x, j) => (j === i ? { ...x, number: e.target.value } : x)))}
          />
          <label className="sr-only" htmlFor={`card-label-${i}`}>
            Card label {i + 1}
          </label>
          <input
            id={`card-label-${i}`}
            value={c.label}
            placeholder="Label (optional)"
            className={input}
            onChange={(e) => set(cards.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))}
          />
          <Button variant="ghost" onClick={() => set(cards.filter((_, j) => j !== i))}>
            Remove
          </Button>
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => set([...cards, { number: "", label: "" }])}>Add smartcard</Button>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={allowDuplicates} onChange={(e) => onChange(cards, e.target.checked)} /> Allow
          duplicate numbers
        </label>
      </div>
    </div>
  );
}

export function UsernamesField({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  return (
    <div className="space-y-2 text-sm">
      <label htmlFor="computer-usernames" className="block font-medium">
        Computer usernames (one per line)
      </label>
      <textarea
        id="computer-usernames"
        rows={3}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        className={`${input} w-full font-mono`}
      />
    </div>
  );
}

export function Checklist({
  kind,
  options,
  chosen,
  editable,
  onChange,
}: {
  kind: "groups" | "policies";
  options: { id: number; name: string }[];
  chosen: ReadonlySet<number>;
  editable: boolean;
  onChange: (chosen: Set<number>) => void;
}) {
  if (options.length === 0)
    return <p className="text-sm text-slate-700 dark:text-slate-300">This account has no {kind} yet.</p>;
  return (
    <fieldset className="space-y-2 text-sm">
      <legend className="sr-only">{kind === "groups" ? "Groups" : "Policies"}</legend>
      <div className="flex flex-wrap gap-3">
        {options.map((o) => (
          <label key={o.id} className="flex items-center gap-1">
            <input
              type="checkbox"
              disabled={!editable}
              checked={chosen.has(o.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(o.id);
                else next.delete(o.id);
                onChange(next);
              }}
            />
            {o.name}
          </label>
        ))}
      </div>
      {!editable && <p className="text-xs text-slate-600 dark:text-slate-300">Guests cannot be placed in {kind}.</p>}
    </fieldset>
  );
}
