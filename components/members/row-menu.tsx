"use client";

import Link from "next/link";
import { useRef, useState, useTransition } from "react";
import { changeRoleAction } from "@/app/(console)/_actions/members";
import { ROLE_NAMES } from "@/lib/domain/permissions";
import { toast } from "../toast";
import { Button } from "../ui";

type Role = keyof typeof ROLE_NAMES;

/**
 * A row's "⋯": the member's role changed in place (with an undo), and their
 * page one click away. A modal dialog, so no table edge clips it.
 */
export function RowMenu({
  userId,
  name,
  role,
  roles,
  onChanged,
}: {
  userId: number;
  name: string;
  role: string;
  roles: string[];
  onChanged: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [next, setNext] = useState(role);
  const [pending, start] = useTransition();

  const setRole = (to: string, from: string, undoable: boolean) =>
    start(async () => {
      const r = await changeRoleAction(userId, "set", to);
      if (!r.ok) {
        toast.error(r.error);
        return;
      }
      onChanged();
      const label = ROLE_NAMES[to as Role] ?? to;
      if (undoable)
        toast.success(`${name} is now ${label}`, {
          action: { label: "Undo", onClick: () => setRole(from, to, false) },
        });
      else toast.info(`${name} is ${ROLE_NAMES[to as Role] ?? to} again`);
    });

  return (
    <>
      <Button
        variant="ghost"
        aria-label={`Actions for ${name}`}
        onClick={() => {
          setNext(role);
          dialog.current?.showModal();
        }}
      >
        ⋯
      </Button>
      <dialog
        ref={dialog}
        aria-label={`Actions for ${name}`}
        className="m-auto w-[min(22rem,90vw)] rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <p className="font-medium">{name}</p>
        <form
          className="mt-3 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            dialog.current?.close();
            if (next !== role) setRole(next, role, true);
          }}
        >
          <label className="text-sm">
            <span className="block font-medium">Role</span>
            <select
              value={next}
              onChange={(e) => setNext(e.target.value)}
              className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950"
            >
              {(roles.includes(role) ? roles : [role, ...roles]).map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAMES[r as Role] ?? r}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={pending || next === role}>
            Change role
          </Button>
        </form>
        <div className="mt-4 flex justify-between gap-2 text-sm">
          <Link href={`/members/${userId}`} prefetch={false} className="text-indigo-700 underline dark:text-indigo-300">
            Open {name}’s page
          </Link>
          <Button onClick={() => dialog.current?.close()}>Close</Button>
        </div>
      </dialog>
    </>
  );
}
