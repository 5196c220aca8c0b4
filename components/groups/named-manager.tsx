"use client";

import Link from "next/link";
import { type FormEvent, useState, useTransition } from "react";
import {
  createGroupAction,
  createPolicyAction,
  deleteGroupAction,
  deletePolicyAction,
  updateGroupAction,
  updatePolicyAction,
} from "@/app/(console)/_actions/groups";
import { ConfirmButton } from "../confirm-button";
import { toast } from "../toast";
import { Button, EmptyState } from "../ui";

export interface NamedItem {
  id: number;
  name: string;
  memberCount: number;
  /** The first few members (the rest are counted). */
  members: { id: number; name: string }[];
  /** Where the whole list of members is (groups: the members table filtered by group). */
  membersHref?: string;
  groups?: number[];
}

const input = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950";

/** Groups or policies: create, rename, delete, and (policies) assign groups; members are listed with links. */
export function NamedManager({
  kind,
  items,
  allGroups,
  canManage,
}: {
  kind: "group" | "policy";
  items: NamedItem[];
  allGroups?: { id: number; name: string }[];
  canManage: boolean;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const create = kind === "group" ? createGroupAction : createPolicyAction;
  const update = kind === "group" ? updateGroupAction : updatePolicyAction;
  const remove = kind === "group" ? deleteGroupAction : deletePolicyAction;
  const noun = kind === "group" ? "group" : "policy";

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    start(async () => {
      const r = await create({ name });
      if (!r.ok) {
        setError(r.error);
        toast.error(r.error);
        return;
      }
      setError(null);
      form.reset();
      toast.success(`${noun === "group" ? "Group" : "Policy"} "${name}" created`);
    });
  }

  return (
    <div className="space-y-4">
      {canManage && (
        <form onSubmit={onCreate} className="flex flex-wrap items-end gap-2" aria-label={`Create a ${noun}`}>
          <div>
            <label htmlFor={`new-${noun}`} className="block text-sm font-medium">
              New {noun} name
            </label>
            <input
              id={`new-${noun}`}
              name="name"
              required
              maxLength={100}
              className={`${input} mt-1`}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `new-${noun}-error` : undefined}
            />
          </div>
          <Button type="submit" variant="primary" disabled={pending}>
            Create {noun}
          </Button>
          {error && (
            <p id={`new-${noun}-error`} className="w-full text-xs text-red-700 dark:text-red-300">
              {error}
            </p>
          )}
        </form>
      )}
      {items.length === 0 ? (
        <EmptyState>No {noun === "group" ? "groups" : "policies"} yet.</EmptyState>
      ) : (
        <ul className="space-y-3" aria-label={noun === "group" ? "Groups" : "Policies"}>
          {items.map((item) => (
            <ItemRow
              key={item.id}
              item={item}
              noun={noun}
              allGroups={allGroups}
              canManage={canManage}
              update={update}
              remove={remove}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function ItemRow({
  item,
  noun,
  allGroups,
  canManage,
  update,
  remove,
}: {
  item: NamedItem;
  noun: string;
  allGroups?: { id: number; name: string }[];
  canManage: boolean;
  update: typeof updateGroupAction;
  remove: typeof deleteGroupAction;
}) {
  const [pending, start] = useTransition();
  const [name, setName] = useState(item.name);
  const [groups, setGroups] = useState(new Set(item.groups ?? []));
  return (
    <li className="rounded-lg border border-slate-200 p-3 dark:border-slate-700" data-testid={`${noun}-${item.name}`}>
      <div className="flex flex-wrap items-center gap-2">
        {canManage ? (
          <>
            <label htmlFor={`name-${noun}-${item.id}`} className="sr-only">
              Name of {item.name}
            </label>
            <input
              id={`name-${noun}-${item.id}`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              className={`${input} font-medium`}
            />
            <Button
              disabled={pending || name.trim() === item.name}
              onClick={() =>
                start(async () => {
                  const r = await update(item.id, { name: name.trim() });
                  if (r.ok) toast.success(`Renamed to "${name.trim()}"`);
                  else toast.error(r.error);
                })
              }
            >
              Rename
            </Button>
            <ConfirmButton
              label="Delete"
              question={`Delete the ${noun} "${item.name}"?${noun === "group" ? " Its members stay in the account." : ""}`}
              confirmLabel="Delete"
              disabled={pending}
              onConfirm={() =>
                start(async () => {
                  const r = await remove(item.id);
                  if (r.ok) toast.success(`Deleted "${item.name}"`);
                  else toast.error(r.error);
                })
              }
            />
          </>
        ) : (
          <span className="font-medium">{item.name}</span>
        )}
        <span className="text-sm text-slate-700 dark:text-slate-300">
          {item.memberCount.toLocaleString("en")} member{item.memberCount === 1 ? "" : "s"}
        </span>
      </div>
      {item.members.length > 0 && (
        <p className="mt-2 text-sm">
          {item.members.map((m, i) => (
            <span key={m.id}>
              {i > 0 && ", "}
              <Link href={`/members/${m.id}`} className="text-indigo-700 underline dark:text-indigo-300">
                {m.name}
              </Link>
            </span>
          ))}
          {item.memberCount > item.members.length && (
            <>
              {" "}
              and {(item.memberCount - item.members.length).toLocaleString("en")} more
              {item.membersHref && (
                <>
                  {" · "}
                  <Link href={item.membersHref} className="text-indigo-700 underline dark:text-indigo-300">
                    View all {item.memberCount.toLocaleString("en")}
                  </Link>
                </>
              )}
            </>
          )}
        </p>
      )}
      {allGroups && (
        <fieldset className="mt-2 text-sm">
          <legend className="font-medium">Assigned to groups</legend>
          {allGroups.length === 0 ? (
            <p className="text-slate-700 dark:text-slate-300">No groups yet.</p>
          ) : (
            <div className="mt-1 flex flex-wrap items-center gap-3">
              {allGroups.map((g) => (
                <label key={g.id} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    disabled={!canManage}
                    checked={groups.has(g.id)}
                    onChange={(e) => {
                      const next = new Set(groups);
                      if (e.target.checked) next.add(g.id);
                      else next.delete(g.id);
                      setGroups(next);
                    }}
                  />
                  {g.name}
                </label>
              ))}
              {canManage && (
                <Button
                  disabled={pending}
                  onClick={() =>
                    start(async () => {
                      const r = await update(item.id, { groups: [...groups] } as never);
                      if (r.ok) toast.success("Groups assigned");
                      else toast.error(r.error);
                    })
                  }
                >
                  Save groups
                </Button>
              )}
            </div>
          )}
        </fieldset>
      )}
    </li>
  );
}
