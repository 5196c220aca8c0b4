import "server-only";
import { z } from "zod";
import type { GroupView } from "../../../domain/groups/groups";
import { groupInputSchema, policyInputSchema } from "../../../domain/groups/schemas";
import type { PolicyView } from "../../../domain/policies/policies";
import { pageSchema } from "../../pagination";

const link = z.array(z.object({ rel: z.literal("self"), url: z.string() }));

export const groupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  members: z.array(z.number().int()).describe("User ids"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const groupWithLinksSchema = groupSchema.extend({ links: link });
export const groupListSchema = pageSchema(groupSchema);
export const groupBodySchema = groupInputSchema;

export const policySchema = groupSchema.extend({ groups: z.array(z.number().int()).describe("Group ids") });
export const policyWithLinksSchema = policySchema.extend({ links: link });
export const policyListSchema = pageSchema(policySchema);
export const policyBodySchema = policyInputSchema;

/** A group as answered: the fields groupSchema publishes, no other. */
export const toGroup = (g: GroupView) =>
  ({
    id: g.id,
    name: g.name,
    members: g.members,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  }) satisfies z.output<typeof groupSchema>;

/** A policy as answered: a group's fields and the groups it applies through. */
export const toPolicy = (p: PolicyView) =>
  ({ ...toGroup(p), groups: p.groups }) satisfies z.output<typeof policySchema>;

/** The answer to a write: the resource and its own address. */
export const withSelf = <T extends { id: number }>(base: string, v: T) => ({
  ...v,
  links: [{ rel: "self" as const, url: `${base}/${v.id}` }],
});
