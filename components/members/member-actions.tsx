"use client";

import { useRouter } from "next/navigation";
import { useOptimistic, useTransition } from "react";
import { changeRoleAction, changeStatusAction, deleteMemberAction } from "@/app/(console)/_actions/members";
import type { MemberVerb } from "@/lib/domain/members/available-actions";
import { ConfirmButton } from "../confirm-button";
import { StatusBadge } from "../status-badge";
import { toast } from "../toast";
import { Button, title } from "../ui";

interface State {
  status: string;
  role: string;
}

/** Status and role buttons: optimistic, rolled back with the server's reason when refused. */
export function MemberActions({
  userId,
  name,
  initial,
  verbs,
  roles,
}: {
  userId: number;
  name: string;
  initial: State;
  verbs: MemberVerb[];
  roles: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setOptimistic] = useOptimistic(initial, (_s: State, next: State) => next);
  const allowed = new Set(verbs);

  function run(
    guess: Partial<State>,
    call: () => Promise<{ ok: true; data: State } | { ok: false; error: string }>,
    done: string,
  ) {
    startTransition(async () => {
      setOptimistic({ ...state, ...guess });
      const r = await call();
      if (r.ok) toast.success(done);
      else toast.error(r.error);
      router.refresh();
    });
  }

  const status =
    (verb: "activate" | "remove" | "approve" | "deny" | "toggleSuspension", next: string, done: string) => () =>
      run({ status: next }, () => changeStatusAction(userId, verb), done);
  const role = (verb: "promote" | "demote" | "promoteGuest", next: string, done: string) => () =>
    run({ role: next }, () => changeRoleAction(userId, verb), done);

  return (
    <div className="space-y-3">
      <p className="flex items-center gap-2 text-sm" data-testid="member-state">
        <StatusBadge status={state.status} />
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium dark:bg-slate-800">
          {title(state.role)}
        </span>
        {pending && <span className="text-xs text-slate-600 dark:text-slate-300">Saving…</span>}
      </p>
      <div className="flex flex-wrap gap-2">
        {allowed.has("activate") && (
          <Button
            onClick={status("activate", "ACTIVE", `${name} is active`)}
            disabled={pending}
            title="Gives access to this account again, with a new API key"
          >
            Activate
          </Button>
        )}
        {allowed.has("approve") && (
          <Button
            variant="primary"
            onClick={status("approve", "ACTIVE", `${name} was approved`)}
            disabled={pending}
            title="Lets them in: they become an active member"
          >
            Approve
          </Button>
        )}
        {allowed.has("deny") && (
          <ConfirmButton
            label="Deny"
            question={`Deny ${name}'s request to join? They can ask again later.`}
            confirmLabel="Deny"
            disabled={pending}
            onConfirm={status("deny", "DECLINED", `${name} was denied`)}
          />
        )}
        {allowed.has("toggleSuspension") &&
          (state.status === "SUSPENDED" ? (
            <Button
              onClick={status("toggleSuspension", "ACTIVE", `${name} is no longer suspended`)}
              disabled={pending}
              title="Lifts the suspension: their existing API key works again"
            >
              Unsuspend
            </Button>
          ) : (
            <ConfirmButton
              label="Suspend"
              question={`Suspend ${name}? Their API key stops working until unsuspended.`}
              confirmLabel="Suspend"
              disabled={pending}
              onConfirm={status("toggleSuspension", "SUSPENDED", `${name} is suspended`)}
            />
          ))}
        {allowed.has("promote") && (
          <Button onClick={role("promote", "ADMIN", `${name} is now an admin`)} disabled={pending}>
            Promote to admin
          </Button>
        )}
        {allowed.has("demote") && (
          <>
            <Button
              onClick={role("demote", "REGULAR", `${name} is now a regular member`)}
              disabled={pending}
              title="Takes away admin rights; they keep access as a regular member"
            >
              Demote to regular
            </Button>
            {/* The other roles below admin, one step each. */}
            {["DEVELOPER", "GUEST"]
              .filter((r) => roles.includes(r))
              .map((r) => (
                <Button
                  key={r}
                  disabled={pending}
                  onClick={() =>
                    run({ role: r }, () => changeRoleAction(userId, "set", r), `${name} is now ${title(r)}`)
                  }
                >
                  Demote to {r.toLowerCase()}
                </Button>
              ))}
          </>
        )}
        {allowed.has("promoteGuest") && (
          <Button onClick={role("promoteGuest", "REGULAR", `${name} is now a regular member`)} disabled={pending}>
            Promote guest
          </Button>
        )}
        {allowed.has("setRole") && roles.length > 0 && (
          <div className="flex items-center gap-1">
            <label htmlFor="set-role" className="text-sm">
              Role
            </label>
            <select
              id="set-role"
              value={state.role}
              disabled={pending}
              onChange={(e) => {
                const next = e.target.value;
                run({ role: next }, () => changeRoleAction(userId, "set", next), `${name} is now ${title(next)}`);
              }}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950"
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {title(r)}
                </option>
              ))}
            </select>
          </div>
        )}
        {allowed.has("remove") && (
          <ConfirmButton
            label="Disable"
            question={`Disable ${name}? They lose access to this account.`}
            confirmLabel="Disable"
            disabled={pending}
            onConfirm={status("remove", "DISABLED", `${name} is disabled`)}
          />
        )}
        {allowed.has("delete") && (
          <ConfirmButton
            label="Delete from account"
            question={`Delete ${name} from this account? They leave its groups, and policies assigned only to them are deleted.`}
            confirmLabel="Delete"
            disabled={pending}
            onConfirm={() =>
              startTransition(async () => {
                const r = await deleteMemberAction(userId);
                if (!r.ok) {
                  toast.error(r.error);
                  return;
                }
                toast.success(`${name} was deleted from the account`);
                router.push("/members");
              })
            }
          />
        )}
      </div>
    </div>
  );
}
