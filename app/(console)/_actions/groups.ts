"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import { createGroup, deleteGroup, updateGroup } from "@/lib/domain/groups/groups";
import type { GroupInput, PolicyInput } from "@/lib/domain/groups/schemas";
import { createPolicy, deletePolicy, updatePolicy } from "@/lib/domain/policies/policies";

const refresh = () => {
  revalidatePath("/groups");
  revalidatePath("/policies");
};

export async function createGroupAction(input: GroupInput) {
  const r = await runAction(
    (actor) => createGroup(actor, ...parseArgs(z.tuple([arg.object]), [input])),
    "Group created",
  );
  refresh();
  return r.ok ? { ...r, data: { id: r.data.id } } : r;
}

export async function updateGroupAction(id: number, input: GroupInput) {
  const r = await runAction(
    (actor) => updateGroup(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [id, input])),
    "Group saved",
  );
  refresh();
  return r.ok ? { ...r, data: { id: r.data.id } } : r;
}

export async function deleteGroupAction(id: number) {
  const r = await runAction((actor) => deleteGroup(actor, ...parseArgs(z.tuple([arg.id]), [id])), "Group deleted");
  refresh();
  return r;
}

export async function createPolicyAction(input: PolicyInput) {
  const r = await runAction(
    (actor) => createPolicy(actor, ...parseArgs(z.tuple([arg.object]), [input])),
    "Policy created",
  );
  refresh();
  return r.ok ? { ...r, data: { id: r.data.id } } : r;
}

export async function updatePolicyAction(id: number, input: PolicyInput) {
  const r = await runAction(
    (actor) => updatePolicy(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [id, input])),
    "Policy saved",
  );
  refresh();
  return r.ok ? { ...r, data: { id: r.data.id } } : r;
}

export async function deletePolicyAction(id: number) {
  const r = await runAction((actor) => deletePolicy(actor, ...parseArgs(z.tuple([arg.id]), [id])), "Policy deleted");
  refresh();
  return r;
}
