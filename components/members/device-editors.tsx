"use client";

import { useState, useTransition } from "react";
import {
  setGroupsAction,
  setPoliciesAction,
  setSmartcardsAction,
  setUsernamesAction,
} from "@/app/(console)/_actions/members";
import { toast } from "../toast";
import { Button } from "../ui";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950";

export function SmartcardsEditor({
  userId,
  initial,
}: {
  userId: number;
  initial: { number: string; label: string | null }[];
}) {
  const [cards, setCards] = useState(initial.map((c) => ({ number: c.number, label: c.label ?? "" })));
  const [allowDuplicates, setAllow] = useState(false);
  const [pending, start] = useTransition();
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
            onChange={(e) => setCards(cards.map((x, j) => (j === i ? { ...x, number: e.target.value } : x)))}
          />
          <label className="sr-only" htmlFor={`card-label-${i}`}>
            Card label {i + 1}
          </label>
          <input
            id={`card-label-${i}`}
            value={c.label}
            placeholder="Label (optional)"
            className={input}
            onChange={(e) => setCards(cards.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))}
          />
          <Button variant="ghost" onClick={() => setCards(cards.filter((_, j) => j !== i))}>
            Remove
          </Button>
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => setCards([...cards, { number: "", label: "" }])}>Add smartcard</Button>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={allowDuplicates} onChange={(e) => setAllow(e.target.checked)} /> Allow
          duplicate numbers
        </label>
        <Button
          variant="primary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await setSmartcardsAction(
                userId,
                cards.map((c) => ({ number: c.number.trim(), label: c.label.trim() || null })),
                allowDuplicates,
              );
              if (r.ok) toast.success("Smartcards saved");
              else toast.error(r.error);
            })
          }
        >
          Save smartcards
        </Button>
      </div>
    </div>
  );
}

export function UsernamesEditor({ userId, initial }: { userId: number; initial: string[] }) {
  const [text, setText] = useState(initial.join("\n"));
  const [pending, start] = useTransition();
  return (
    <div className="space-y-2 text-sm">
      <label htmlFor="computer-usernames" className="block font-medium">
        Computer usernames (one per line)
      </label>
      <textarea
        id="computer-usernames"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className={`${input} w-full font-mono`}
      />
      <Button
        variant="primary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const names = text
              .split("\n")
              .map((s) => s.trim())
              .filter(Boolean);
            const r = await setUsernamesAction(userId, names);
            if (r.ok) toast.success("Computer usernames saved");
            else toast.error(r.error);
          })
        }
      >
        Save usernames
      </Button>
    </div>
  );
}

export function ChecklistEditor({
  kind,
  userId,
  options,
  initial,
  editable,
}: {
  kind: "groups" | "policies";
  userId: number;
  options: { id: number; name: string }[];
  initial: number[];
  editable: boolean;
}) {
  const [chosen, setChosen] = useState(new Set(initial));
  const [pending, start] = useTransition();
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
                setChosen(next);
              }}
            />
            {o.name}
          </label>
        ))}
      </div>
      {editable && (
        <Button
          variant="primary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await (kind === "groups" ? setGroupsAction : setPoliciesAction)(userId, [...chosen]);
              if (r.ok) toast.success(kind === "groups" ? "Groups saved" : "Policies saved");
              else toast.error(r.error);
            })
          }
        >
          Save {kind}
        </Button>
      )}
    </fieldset>
  );
}
